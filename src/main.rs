//! The `coforum` command: serve, migrate, create-admin, export-schema, and
//! with the `bench` feature seed-bench.

use std::io::BufRead as _;
use std::net::SocketAddr;
#[cfg(feature = "bench")]
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context as _, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use coforum_app::config::parse_trusted_proxy;
use coforum_app::{AppState, Config, Limits};
use coforum_domain::account::RegistrationPolicy;
use coforum_mail::{MailSettings, SmtpUrl};
use coforum_persistence::Database;
use ipnet::IpNet;
use secrecy::zeroize::Zeroize as _;
use secrecy::{ExposeSecret as _, SecretString};
use url::Url;

/// Secrets: where the signing key comes from.
mod secret;

// Requests allocate many small short-lived values, and each password hash
// 19 MiB: mimalloc is faster at the first and gives the second back to the
// system, where glibc's per-thread arenas kept it (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const DEFAULT_DATABASE_URL: &str = "sqlite://coforum.db";

#[derive(Parser)]
#[command(
    name = "coforum",
    version,
    about = "A coproduction forum for lived-experience groups"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Apply pending migrations, then serve HTTP.
    Serve(Box<ServeArgs>),
    /// Apply pending migrations and exit.
    Migrate(DatabaseArgs),
    /// Create (or promote) a platform admin; the password is read from standard input.
    CreateAdmin(CreateAdminArgs),
    /// Print the GraphQL schema (SDL).
    ExportSchema,
    /// Fill an empty database with a council-sized data set for the load
    /// benchmark. Its accounts are for benchmarks only: most share a
    /// minimum-cost password hash.
    #[cfg(feature = "bench")]
    SeedBench(SeedBenchArgs),
}

#[cfg(feature = "bench")]
#[derive(Args)]
struct SeedBenchArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// 1 is 20 forums, 5,000 members, 2,000 findings, 100 closed rounds with
    /// 20,000 ballots and 500 improvements; N is N times all of that.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    scale: u32,
    /// Where to write the manifest (JSON) the load driver reads.
    #[arg(long, default_value = "seed-manifest.json")]
    manifest: PathBuf,
    /// Seed of the random generator: the same seed makes the same council.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Two forums and a few dozen members, whatever the scale: for tests.
    #[arg(long, hide = true)]
    tiny: bool,
}

#[derive(Args)]
struct DatabaseArgs {
    /// `sqlite://…` or `postgres://…`; an SQLite file in the working directory by default.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    database_url: String,
    /// Connections in the pool: 16 on PostgreSQL by default; 8 on SQLite,
    /// where each connection is a thread with its own page cache in this
    /// process and writers take turns anyway.
    #[arg(long, env = "COFORUM_DB_MAX_CONNECTIONS")]
    db_max_connections: Option<u32>,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "COFORUM_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Load the demo forums and accounts first (does nothing the second time;
    /// refuses a database that has other accounts: the demo's admin password is public).
    #[arg(long)]
    demo: bool,
    /// Who may make an account.
    #[arg(long, env = "COFORUM_REGISTRATION", value_enum, default_value = "open")]
    registration: Registration,
    /// Browser origins allowed to call the API from other sites (CORS), comma-separated; none by default.
    #[arg(long, env = "COFORUM_CORS_ORIGINS", value_delimiter = ',')]
    cors_origin: Vec<String>,
    /// Reverse proxies (IPs or CIDR ranges, comma-separated) whose
    /// `X-Forwarded-For` and `X-Forwarded-Proto` are believed; none by default.
    #[arg(long, env = "COFORUM_TRUSTED_PROXIES", value_delimiter = ',', value_parser = parse_trusted_proxy)]
    trusted_proxies: Vec<IpNet>,
    /// How log lines are written (to standard error).
    #[arg(long, env = "COFORUM_LOG_FORMAT", value_enum, default_value = "text")]
    log_format: LogFormat,
    #[command(flatten)]
    mail: MailArgs,
    #[command(flatten)]
    limits: LimitArgs,
}

#[derive(Args)]
struct MailArgs {
    /// The address people reach coforum at; every link in an email starts
    /// with it. Default: http://<listen address>/.
    #[arg(long, env = "COFORUM_PUBLIC_URL", value_parser = parse_public_url)]
    public_url: Option<Url>,
    /// Where mail goes: smtp://[user:password@]host:port (STARTTLS when
    /// offered) or smtps://… (TLS). Unset: mail stays in the outbox, for
    /// admins to read.
    #[arg(long, env = "COFORUM_SMTP_URL", value_parser = SmtpUrl::parse)]
    smtp_url: Option<SmtpUrl>,
    /// The sender, e.g. "Inspire forum <forum@council.example>". Default:
    /// coforum@<host of the public URL>.
    #[arg(long, env = "COFORUM_MAIL_FROM")]
    mail_from: Option<String>,
}

fn parse_public_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text).map_err(|e| format!("`{text}` is not a URL: {e}"))?;
    match (url.scheme(), url.host_str()) {
        ("http" | "https", Some(_)) => Ok(url),
        _ => Err(format!("`{text}` must be an http:// or https:// address")),
    }
}

/// `--registration`'s choices, checked by clap (a typo stops the command,
/// naming the choices) and turned into the domain's policy.
#[derive(Clone, Copy, ValueEnum)]
enum Registration {
    /// Anyone may register.
    Open,
    /// Only someone holding an invite.
    InviteOnly,
}

impl From<Registration> for RegistrationPolicy {
    fn from(registration: Registration) -> Self {
        match registration {
            Registration::Open => RegistrationPolicy::Open,
            Registration::InviteOnly => RegistrationPolicy::InviteOnly,
        }
    }
}

/// `--log-format`'s choices.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LogFormat {
    /// For people.
    Text,
    /// One JSON object a line, for log collectors.
    Json,
}

#[derive(Args)]
struct LimitArgs {
    #[arg(long, env = "COFORUM_MAX_DEPTH", default_value_t = Limits::default().max_depth)]
    max_depth: usize,
    #[arg(long, env = "COFORUM_MAX_COMPLEXITY", default_value_t = Limits::default().max_complexity)]
    max_complexity: usize,
    #[arg(long, env = "COFORUM_MAX_ALIASES", default_value_t = Limits::default().max_aliases)]
    max_aliases: usize,
    /// Fields in a query once its fragments are spread.
    #[arg(long, env = "COFORUM_MAX_FIELDS", default_value_t = Limits::default().max_fields)]
    max_fields: usize,
    #[arg(long, env = "COFORUM_MAX_DIRECTIVES", default_value_t = Limits::default().max_directives)]
    max_directives: usize,
    #[arg(long, env = "COFORUM_MAX_BATCH", default_value_t = Limits::default().max_batch)]
    max_batch: usize,
    #[arg(long, env = "COFORUM_MAX_BODY_BYTES", default_value_t = Limits::default().max_body_bytes)]
    max_body_bytes: usize,
    /// Bytes in the answer to a query; past it, a clear error instead.
    #[arg(long, env = "COFORUM_MAX_RESPONSE_BYTES", default_value_t = Limits::default().max_response_bytes)]
    max_response_bytes: usize,
    /// Seconds before a request is answered 408.
    #[arg(long, env = "COFORUM_REQUEST_TIMEOUT_SECS", default_value_t = Limits::default().request_timeout.as_secs())]
    request_timeout_secs: u64,
    /// `false` switches introspection off.
    #[arg(long, env = "COFORUM_INTROSPECTION", default_value_t = true, action = clap::ArgAction::Set)]
    introspection: bool,
    /// Seconds a client has to send a request's headers, from when its
    /// connection opens or its previous answer is sent.
    #[arg(long, env = "COFORUM_HEADER_READ_TIMEOUT_SECS", default_value_t = Limits::default().header_read_timeout.as_secs(), value_parser = clap::value_parser!(u64).range(1..))]
    header_read_timeout_secs: u64,
    /// Seconds a kept-alive connection may sit with no request before it is closed.
    #[arg(long, env = "COFORUM_IDLE_TIMEOUT_SECS", default_value_t = Limits::default().idle_timeout.as_secs(), value_parser = clap::value_parser!(u64).range(1..))]
    idle_timeout_secs: u64,
    /// Connections served at once; more wait until one ends.
    #[arg(long, env = "COFORUM_MAX_CONNECTIONS", default_value_t = Limits::default().max_connections, value_parser = at_least_one)]
    max_connections: usize,
}

fn at_least_one(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err("must be a whole number, at least 1".to_owned()),
    }
}

impl From<LimitArgs> for Limits {
    fn from(args: LimitArgs) -> Self {
        Limits {
            max_depth: args.max_depth,
            max_complexity: args.max_complexity,
            max_aliases: args.max_aliases,
            max_fields: args.max_fields,
            max_directives: args.max_directives,
            max_batch: args.max_batch,
            max_body_bytes: args.max_body_bytes,
            max_response_bytes: args.max_response_bytes,
            request_timeout: Duration::from_secs(args.request_timeout_secs),
            introspection: args.introspection,
            header_read_timeout: Duration::from_secs(args.header_read_timeout_secs),
            idle_timeout: Duration::from_secs(args.idle_timeout_secs),
            max_connections: args.max_connections,
        }
    }
}

#[derive(Args)]
struct CreateAdminArgs {
    #[arg(long)]
    email: String,
    #[arg(long)]
    display_name: String,
    #[command(flatten)]
    database: DatabaseArgs,
}

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
