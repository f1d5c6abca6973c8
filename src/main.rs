//! The `coforum` command: serve, migrate, create-admin, export-schema, and
//! with the `bench` feature seed-bench.

use std::io::BufRead as _;

use anyhow::{Context as _, bail};
use clap::Parser as _;
use coforum_app::{AppState, Config};
use coforum_mail::MailSettings;
use coforum_persistence::Database;
use secrecy::zeroize::Zeroize as _;
use secrecy::{ExposeSecret as _, SecretString};
use url::Url;

/// The command's arguments.
mod cli;
/// Secrets: where the signing key comes from.
mod secret;

#[cfg(feature = "bench")]
use cli::SeedBenchArgs;
use cli::{Cli, Command, CreateAdminArgs, DatabaseArgs, LogFormat, ServeArgs};

// Requests allocate many small short-lived values, and each password hash
// 19 MiB: mimalloc is faster at the first and gives the second back to the
// system, where glibc's per-thread arenas kept it (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const DEFAULT_DATABASE_URL: &str = "sqlite://coforum.db";

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Command::ExportSchema = cli.command {
        print!("{}", coforum_graphql::export_sdl());
        return Ok(());
    }
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run(cli.command))
}

async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve(args) => serve(*args).await,
        Command::Migrate(args) => {
            init_logging(LogFormat::Text);
            let db = connect(&args).await?;
            db.migrate().await.context("applying migrations")?;
            println!("migrations applied");
            Ok(())
        }
        Command::CreateAdmin(args) => create_admin(args).await,
        #[cfg(feature = "bench")]
        Command::SeedBench(args) => seed_bench(args).await,
        Command::ExportSchema => Ok(()),
    }
}

/// Default pool sizes; on SQLite 16 connections cost about 35 MB more than 8
/// for no more throughput (docs/benchmarks.md, run 5).
const SQLITE_POOL_SIZE: u32 = 8;
const POSTGRES_POOL_SIZE: u32 = 16;

async fn connect(args: &DatabaseArgs) -> anyhow::Result<Database> {
    let pool_size = args
        .db_max_connections
        .unwrap_or(if args.database_url.starts_with("sqlite") {
            SQLITE_POOL_SIZE
        } else {
            POSTGRES_POOL_SIZE
        });
    Database::connect(&args.database_url, pool_size)
        .await
        .with_context(|| format!("connecting to {}", redact(&args.database_url)))
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            let user = credentials.split(':').next().unwrap_or("");
            format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    if format == LogFormat::Json {
        builder.json().init();
    } else {
        builder.compact().init();
    }
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    init_logging(args.log_format);
    let db = connect(&args.database).await?;
    db.migrate().await.context("applying migrations")?;
    let jwt_secret = secret::jwt_secret(&args.database.database_url)?;
    let mut config = Config::new(jwt_secret);
    config.registration = args.registration.into();
    config.limits = args.limits.into();
    config.cors_origins = args.cors_origin;
    config.trusted_proxies = args.trusted_proxies;
    config.public_url = match args.mail.public_url {
        Some(url) => url,
        None => Url::parse(&format!("http://{}/", args.listen)).context("the listen address as a URL")?,
    };
    let host = config.public_url.host_str().unwrap_or("localhost").to_owned();
    config.mail = MailSettings::new(args.mail.smtp_url, args.mail.mail_from.as_deref(), &host)?;
    if let Some(file) = &args.bank_holidays {
        config.working_days = coforum_app::feedback::calendar::with_file(file)
            .map_err(|e| anyhow::anyhow!("reading the bank holidays: {e}"))?;
    }
    let state = AppState::new(db, config);

    if args.demo {
        let loaded = coforum_app::demo::load(&state)
            .await
            .map_err(|e| anyhow::anyhow!("loading the demo: {e}"))?;
        if loaded {
            println!("Loaded the demo forums.");
        }
        print!("{}", coforum_app::demo::sign_in_help());
    }

    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("listening on {}", args.listen))?;
    let address = listener.local_addr()?;
    println!("coforum is listening on http://{address}/ (GraphQL at http://{address}/graphql)");
    tracing::info!(%address, "listening");
    coforum::serve(listener, state.clone(), shutdown_signal()).await?;
    tracing::info!("stopped");
    state.db.close().await?;
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

async fn create_admin(args: CreateAdminArgs) -> anyhow::Result<()> {
    init_logging(LogFormat::Text);
    let mut line = String::new();
    let read = std::io::stdin().lock().read_line(&mut line);
    let password = SecretString::from(line.trim_end_matches(['\r', '\n']));
    // The line read is a plain copy: wiped once the secret holds it.
    line.zeroize();
    read.context("reading the password from standard input")?;
    if password.expose_secret().is_empty() {
        bail!("give the password on standard input, one line");
    }
    let db = connect(&args.database).await?;
    db.migrate().await.context("applying migrations")?;
    // The signing key is not used here: no token is issued.
    let state = AppState::new(db, Config::new(vec![0; Config::MIN_JWT_SECRET_BYTES]));
    let user = coforum_app::ops::accounts::create_admin(&state, &args.email, &args.display_name, password)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("{} is now a platform admin", user.email);
    Ok(())
}

#[cfg(feature = "bench")]
async fn seed_bench(args: SeedBenchArgs) -> anyhow::Result<()> {
    init_logging(LogFormat::Text);
    let db = connect(&args.database).await?;
    db.migrate().await.context("applying migrations")?;
    // No token is issued: the signing key is never used.
    let state = AppState::new(db, Config::new(vec![0; Config::MIN_JWT_SECRET_BYTES]));
    let plan = if args.tiny {
        coforum_bench::seed::Plan::tiny()
    } else {
        coforum_bench::seed::Plan::at_scale(args.scale)
    };
    let options = coforum_bench::seed::SeedOptions {
        plan,
        seed: args.seed,
    };
    let report = coforum_bench::seed::run(&state, options).await?;
    coforum_bench::seed::write_manifest(&args.manifest, &report.manifest)?;
    state.db.close().await?;
    println!(
        "Seeded a scale-{} council in {:.1} s:\n{}",
        plan.scale, report.seconds, report.counts
    );
    println!("Manifest written to {}", args.manifest.display());
    Ok(())
}
