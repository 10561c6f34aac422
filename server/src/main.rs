//! `embudo`: the Embudo CRM server and its command line.
#[tokio::main]
async fn main() -> std::process::ExitCode {
    server::cli::run().await
}
