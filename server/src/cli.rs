//! The `embudo` command line.
use crate::config::{self, Config};
use crate::import::Records;
use crate::{demo, router};
use app::error::AppError;
use app::ssr::accounts::db as accounts;
use app::ssr::accounts::provision::{self, AccountInput, UserInput};
use app::ssr::db::Db;
use app::ssr::db::dialect;
use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "embudo",
    version,
    about = "Embudo CRM: server and administration commands"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (the default).
    Serve,
    /// Apply pending database migrations.
    Migrate,
    /// Create the demo accounts with realistic Spanish data.
    SeedDemo {
        /// Number of deals in the main demo account.
        #[arg(long, default_value_t = 3000)]
        deals: u64,
        /// Random seed: the same seed and --today give the same data.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// The day the demo history ends (YYYY-MM-DD); default: today, UTC.
        #[arg(long)]
        today: Option<chrono::NaiveDate>,
        /// Delete existing demo accounts first.
        #[arg(long)]
        reset: bool,
        /// Seed even when the database holds other accounts.
        #[arg(long)]
        force: bool,
    },
    /// Create an account with its admin user.
    CreateAccount {
        #[arg(long)]
        name: String,
        /// basico, estandar or premium.
        #[arg(long)]
        plan: String,
        #[arg(long)]
        admin_email: String,
        #[arg(long)]
        admin_password: String,
        #[arg(long, default_value = "Administrador")]
        admin_name: String,
        /// ISO 4217 code; default from the configuration.
        #[arg(long)]
        currency: Option<String>,
        /// IANA time zone; default from the configuration.
        #[arg(long)]
        time_zone: Option<String>,
    },
    /// Create a user in an account (by id or name).
    CreateUser {
        #[arg(long)]
        account: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// admin, gerente, vendedor or a custom role's name.
        #[arg(long)]
        role: String,
        #[arg(long)]
        password: String,
    },
    /// Create a personal API token; the token is the last word printed.
    CreateToken {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
    /// Import a CSV file into an account (all-or-nothing: nothing is written
    /// when a row is bad; every bad row is listed with its line).
    Import {
        what: Records,
        file: std::path::PathBuf,
        /// Account id or name.
        #[arg(long)]
        account: String,
        /// Check the file and report, writing nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Export an account's records as CSV to standard output.
    Export {
        what: Records,
        /// Account id or name.
        #[arg(long)]
        account: String,
    },
    /// Recompute derived data (the dashboard aggregates) from the deals and
    /// report every difference; exits with 1 when there is any.
    Verify {
        /// Replace the aggregates that differ with the recomputed ones.
        #[arg(long)]
        fix: bool,
    },
}

/// Parses the command line and runs it.
pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match execute(cli.command.unwrap_or(Command::Serve)).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Human text for an error from the app layer.
fn describe(e: AppError) -> String {
    match e {
        AppError::Validation(fields) => fields
            .iter()
            .map(|f| format!("{}: {}", f.field, f.code))
            .collect::<Vec<_>>()
            .join(", "),
        AppError::InvalidRows { problems, total } => {
            let mut text = format!("{total} problems in the file, nothing was written:");
            for p in &problems {
                text.push_str(&format!(
                    "\n  line {}{}: {}{}",
                    p.line,
                    p.column
                        .as_deref()
                        .map(|c| format!(", {c}"))
                        .unwrap_or_default(),
                    p.code,
                    p.value
                        .as_deref()
                        .map(|v| format!(" ({v:?})"))
                        .unwrap_or_default()
                ));
            }
            text
        }
        other => other.to_string(),
    }
}

async fn account_id(db: &Db, account: &str) -> Result<i64, String> {
    let mut conn = db.read().await.map_err(describe)?;
    let found = accounts::find(&mut conn.ex(), account)
        .await
        .map_err(describe)?;
    found
        .map(|a| a.id)
        .ok_or_else(|| format!("account: no account `{account}`"))
}

/// `embudo import deals|organizations|contacts FILE --account N [--dry-run]`;
/// organizations and contacts without an owner get the account's first admin.
async fn import(
    db: &Db,
    what: Records,
    file: &std::path::Path,
    account: &str,
    dry_run: bool,
) -> Result<(), String> {
    let account = account_id(db, account).await?;
    let admin = {
        let mut conn = db.read().await.map_err(describe)?;
        app::ssr::users::db::active_with_roles(&mut conn.ex(), account)
            .await
            .map_err(describe)?
            .into_iter()
            .find(|(_, role)| role == "admin")
            .map(|(id, _)| id)
            .ok_or("the account has no active admin")?
    };
    let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let bar = indicatif::ProgressBar::new(0);
    let progress = |p: app::domain::import::ImportProgress| {
        bar.set_length(p.total as u64);
        bar.set_position(p.done as u64);
        bar.set_message(match p.phase {
            app::domain::import::ImportPhase::Checking => "checking",
            app::domain::import::ImportPhase::Writing => "writing",
        });
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} {pos}/{len} [{bar:40}]")
            .map_err(|e| e.to_string())?,
    );
    let started = std::time::Instant::now();
    let report = crate::import::run(db, (account, admin), what, &bytes, dry_run, &progress)
        .await
        .map_err(describe)?;
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    if dry_run {
        println!("dry run: {} rows are good ({seconds:.1} s)", report.rows);
    } else {
        println!(
            "imported into account {account}: {} deals, {} organizations, {} contacts, {} lost reasons, {} products created and {} updated ({seconds:.1} s)",
            report.deals_created,
            report.organizations_created,
            report.contacts_created,
            report.lost_reasons_created,
            report.products_created,
            report.products_updated
        );
    }
    if !report.ignored_columns.is_empty() {
        println!("ignored columns: {}", report.ignored_columns.join(", "));
    }
    Ok(())
}

async fn open(config: &Config) -> Result<Db, String> {
    config::ensure_sqlite_dir(&config.database_url)?;
    let db = Db::connect(&config.database_url)
        .await
        .map_err(|e| format!("cannot open {}: {e}", config::redact(&config.database_url)))?;
    db.migrate()
        .await
        .map_err(|e| format!("migration failed: {e}"))?;
    Ok(db)
}

/// Runs a command; `Ok(false)` when it found problems to report.
async fn execute(command: Command) -> Result<bool, String> {
    let config = config::load()?;
    let db = open(&config).await?;
    let result = match command {
        Command::Serve => serve(&config, db.clone()).await,
        Command::Migrate => {
            let mut conn = db.read().await.map_err(describe)?;
            let mode = dialect::journal_mode(&mut conn.ex())
                .await
                .map_err(describe)?;
            let mode = mode
                .map(|m| format!(" (SQLite, journal_mode={m})"))
                .unwrap_or_default();
            println!(
                "migrations applied to {}{mode}",
                config::redact(&config.database_url)
            );
            Ok(())
        }
        Command::SeedDemo {
            deals,
            seed,
            today,
            reset,
            force,
        } => {
            let today = today.unwrap_or_else(|| chrono::Utc::now().date_naive());
            demo::seed(
                &db,
                demo::Options {
                    deals,
                    seed,
                    today,
                    reset,
                    force,
                },
            )
            .await
            .map_err(describe)
        }
        Command::CreateAccount {
            name,
            plan,
            admin_email,
            admin_password,
            admin_name,
            currency,
            time_zone,
        } => {
            let input = AccountInput {
                name: &name,
                plan: &plan,
                currency: currency
                    .as_deref()
                    .unwrap_or(&config.settings.default_currency),
                time_zone: time_zone
                    .as_deref()
                    .unwrap_or(&config.settings.default_time_zone),
                admin_name: &admin_name,
                admin_email: &admin_email,
                admin_password: &admin_password,
            };
            let (account, admin) = provision::create_account(&db, &input)
                .await
                .map_err(describe)?;
            println!("account {account} created with admin user {admin}");
            Ok(())
        }
        Command::CreateUser {
            account,
            email,
            name,
            role,
            password,
        } => {
            let mut conn = db.read().await.map_err(describe)?;
            let found = accounts::find(&mut conn.ex(), &account)
                .await
                .map_err(describe)?;
            drop(conn);
            let account = found.ok_or_else(|| format!("account: no account `{account}`"))?;
            let input = UserInput {
                account_id: account.id,
                email: &email,
                name: &name,
                role: &role,
                password: &password,
            };
            let id = provision::create_user(&db, &input)
                .await
                .map_err(describe)?;
            println!("user {id} created in account {}", account.id);
            Ok(())
        }
        Command::CreateToken { email, name } => {
            let token = provision::create_token(&db, &email, &name)
                .await
                .map_err(describe)?;
            println!("token created; it is shown only once: {token}");
            Ok(())
        }
        Command::Import {
            what,
            file,
            account,
            dry_run,
        } => import(&db, what, &file, &account, dry_run).await,
        Command::Export { what, account } => {
            use crate::export::Export;
            let account_id = account_id(&db, &account).await?;
            let export = match what {
                Records::Deals => Export::all_deals(account_id),
                Records::Organizations => Export::Organizations { account_id },
                Records::Contacts => Export::Contacts { account_id },
                Records::Products => Export::Products { account_id },
            };
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            export.write_all(&db, &mut out).await.map_err(describe)
        }
        Command::Verify { fix } => {
            let clean = verify(&db, fix).await.map_err(describe)?;
            db.close().await;
            return Ok(clean);
        }
    };
    db.close().await;
    result.map(|()| true)
}

/// `embudo verify`: checks SQLite's file, then recomputes every account's
/// dashboard aggregates inside one write transaction (nothing changes
/// meanwhile) and compares.
async fn verify(db: &Db, fix: bool) -> Result<bool, AppError> {
    use app::ssr::deals::db::stats as deal_stats;
    let mut tx = db.begin().await?;
    let mut clean = true;
    let mut sound = true;
    if let Some(check) = app::ssr::db::dialect::integrity_check(&mut tx.ex()).await? {
        println!("sqlite integrity check: {check}");
        sound = check == "ok";
    }
    for account in accounts::list_all(&mut tx.ex()).await? {
        let tz = app::ssr::clock::time_zone(&account.time_zone)?;
        let expected = deal_stats::recompute(&mut tx.ex(), account.id, tz).await?;
        let stored = deal_stats::load(&mut tx.ex(), account.id).await?;
        let differences = deal_stats::differences(&stored, &expected);
        println!(
            "account {} ({}): {} aggregate rows, {} differences",
            account.id,
            account.name,
            expected.len(),
            differences.len()
        );
        for d in &differences {
            println!("  {d}");
        }
        if !differences.is_empty() {
            clean = false;
            if fix {
                deal_stats::replace(&mut tx.ex(), account.id, &expected).await?;
                println!("  fixed: aggregates rebuilt from the deals");
            }
        }
    }
    tx.commit().await?;
    Ok(sound && (clean || fix))
}

async fn serve(config: &Config, db: Db) -> Result<(), String> {
    let addr = config.leptos.site_addr;
    if demo::logins_exist(&db).await.map_err(describe)? {
        let warning = format!(
            "this database holds the demo logins ({} … with password {}): anyone can sign \
             in with them; for real use, serve a database without them",
            demo::USERS[0].0,
            demo::PASSWORD
        );
        tracing::warn!("{warning}");
        eprintln!("warning: {warning}");
    }
    let state = router::state(config, db);
    // Every server delivers the queued quote mails (a claim keeps each to one).
    if let Some(mailer) = state.mailer.clone() {
        tokio::spawn(app::ssr::quotes::email::work(state.db.clone(), mailer));
        tracing::info!("mail through {:?}", config.settings.smtp_url);
    }
    // Every server delivers the webhooks (each delivery claimed by one).
    let deliverer = app::ssr::webhooks::deliver::Deliverer::new(
        app::ssr::webhooks::address::AllowNets::new(config.settings.webhook_allow_nets.clone()),
        std::time::Duration::from_secs(config.settings.webhook_timeout_seconds),
        crate::rest::render_record,
    )?;
    tokio::spawn(app::ssr::webhooks::deliver::work(
        state.db.clone(),
        deliverer,
    ));
    let app = router::build(state);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!("Embudo escuchando en http://{addr}");
    println!("Embudo listening on http://{addr}");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(|e| e.to_string())
}
