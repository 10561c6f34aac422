//! `embudo`: the Embudo CRM server and its command line.

/// mimalloc instead of the system allocator: SQLite's rows are allocated on
/// sqlx's worker thread and freed on Tokio's, and glibc's arenas made those
/// two threads wait on each other's locks (a third of an export's time).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    server::cli::run().await
}
