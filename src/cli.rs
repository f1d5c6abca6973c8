//! The `coforum` command's arguments: subcommands, flags and the
//! environment variables behind them, checked by clap.

use std::net::SocketAddr;
#[cfg(feature = "bench")]
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use coforum_app::Limits;
use coforum_app::config::parse_trusted_proxy;
use coforum_domain::account::RegistrationPolicy;
use coforum_mail::SmtpUrl;
use ipnet::IpNet;
use url::Url;

use crate::DEFAULT_DATABASE_URL;

#[derive(Parser)]
#[command(
    name = "coforum",
    version,
    about = "A coproduction forum for lived-experience groups"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
pub(crate) struct SeedBenchArgs {
    #[command(flatten)]
    pub(crate) database: DatabaseArgs,
    /// 1 is 20 forums, 5,000 members, 2,000 findings, 100 closed rounds with
    /// 20,000 ballots and 500 improvements; N is N times all of that.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) scale: u32,
    /// Where to write the manifest (JSON) the load driver reads.
    #[arg(long, default_value = "seed-manifest.json")]
    pub(crate) manifest: PathBuf,
    /// Seed of the random generator: the same seed makes the same council.
    #[arg(long, default_value_t = 1)]
    pub(crate) seed: u64,
    /// Two forums and a few dozen members, whatever the scale: for tests.
    #[arg(long, hide = true)]
    pub(crate) tiny: bool,
}

#[derive(Args)]
pub(crate) struct DatabaseArgs {
    /// `sqlite://…` or `postgres://…`; an SQLite file in the working directory by default.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    pub(crate) database_url: String,
    /// Connections in the pool: 16 on PostgreSQL by default; 8 on SQLite,
    /// where each connection is a thread with its own page cache in this
    /// process and writers take turns anyway.
    #[arg(long, env = "COFORUM_DB_MAX_CONNECTIONS")]
    pub(crate) db_max_connections: Option<u32>,
}

#[derive(Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub(crate) database: DatabaseArgs,
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "COFORUM_LISTEN", default_value = "127.0.0.1:8080")]
    pub(crate) listen: SocketAddr,
    /// Load the demo forums and accounts first (does nothing the second time;
    /// refuses a database that has other accounts: the demo's admin password is public).
    #[arg(long)]
    pub(crate) demo: bool,
    /// Who may make an account.
    #[arg(long, env = "COFORUM_REGISTRATION", value_enum, default_value = "open")]
    pub(crate) registration: Registration,
    /// Browser origins allowed to call the API from other sites (CORS), comma-separated; none by default.
    #[arg(long, env = "COFORUM_CORS_ORIGINS", value_delimiter = ',')]
    pub(crate) cors_origin: Vec<String>,
    /// Reverse proxies (IPs or CIDR ranges, comma-separated) whose
    /// `X-Forwarded-For` and `X-Forwarded-Proto` are believed; none by default.
    #[arg(long, env = "COFORUM_TRUSTED_PROXIES", value_delimiter = ',', value_parser = parse_trusted_proxy)]
    pub(crate) trusted_proxies: Vec<IpNet>,
    /// How log lines are written (to standard error).
    #[arg(long, env = "COFORUM_LOG_FORMAT", value_enum, default_value = "text")]
    pub(crate) log_format: LogFormat,
    /// A file of bank holidays in the official format (e.g. a download of
    /// https://www.gov.uk/bank-holidays.json), added to the England and
    /// Wales holidays coforum ships (2020 to 2030): for later years.
    #[arg(long, env = "COFORUM_BANK_HOLIDAYS")]
    pub(crate) bank_holidays: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub(crate) mail: MailArgs,
    #[command(flatten)]
    pub(crate) limits: LimitArgs,
}

#[derive(Args)]
pub(crate) struct MailArgs {
    /// The address people reach coforum at; every link in an email starts
    /// with it. Default: http://<listen address>/.
    #[arg(long, env = "COFORUM_PUBLIC_URL", value_parser = parse_public_url)]
    pub(crate) public_url: Option<Url>,
    /// Where mail goes: smtp://[user:password@]host:port (STARTTLS when
    /// offered) or smtps://… (TLS). Unset: mail stays in the outbox, for
    /// admins to read.
    #[arg(long, env = "COFORUM_SMTP_URL", value_parser = SmtpUrl::parse)]
    pub(crate) smtp_url: Option<SmtpUrl>,
    /// The sender, e.g. "Inspire forum <forum@council.example>". Default:
    /// coforum@<host of the public URL>.
    #[arg(long, env = "COFORUM_MAIL_FROM")]
    pub(crate) mail_from: Option<String>,
}

pub(crate) fn parse_public_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text).map_err(|e| format!("`{text}` is not a URL: {e}"))?;
    match (url.scheme(), url.host_str()) {
        ("http" | "https", Some(_)) => Ok(url),
        _ => Err(format!("`{text}` must be an http:// or https:// address")),
    }
}

/// `--registration`'s choices, checked by clap (a typo stops the command,
/// naming the choices) and turned into the domain's policy.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Registration {
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
pub(crate) enum LogFormat {
    /// For people.
    Text,
    /// One JSON object a line, for log collectors.
    Json,
}

#[derive(Args)]
pub(crate) struct LimitArgs {
    #[arg(long, env = "COFORUM_MAX_DEPTH", default_value_t = Limits::default().max_depth)]
    pub(crate) max_depth: usize,
    #[arg(long, env = "COFORUM_MAX_COMPLEXITY", default_value_t = Limits::default().max_complexity)]
    pub(crate) max_complexity: usize,
    #[arg(long, env = "COFORUM_MAX_ALIASES", default_value_t = Limits::default().max_aliases)]
    pub(crate) max_aliases: usize,
    /// Fields in a query once its fragments are spread.
    #[arg(long, env = "COFORUM_MAX_FIELDS", default_value_t = Limits::default().max_fields)]
    pub(crate) max_fields: usize,
    #[arg(long, env = "COFORUM_MAX_DIRECTIVES", default_value_t = Limits::default().max_directives)]
    pub(crate) max_directives: usize,
    #[arg(long, env = "COFORUM_MAX_BATCH", default_value_t = Limits::default().max_batch)]
    pub(crate) max_batch: usize,
    #[arg(long, env = "COFORUM_MAX_BODY_BYTES", default_value_t = Limits::default().max_body_bytes)]
    pub(crate) max_body_bytes: usize,
    /// Bytes in the answer to a query; past it, a clear error instead.
    #[arg(long, env = "COFORUM_MAX_RESPONSE_BYTES", default_value_t = Limits::default().max_response_bytes)]
    pub(crate) max_response_bytes: usize,
    /// Seconds before a request is answered 408.
    #[arg(long, env = "COFORUM_REQUEST_TIMEOUT_SECS", default_value_t = Limits::default().request_timeout.as_secs())]
    pub(crate) request_timeout_secs: u64,
    /// `false` switches introspection off.
    #[arg(long, env = "COFORUM_INTROSPECTION", default_value_t = true, action = clap::ArgAction::Set)]
    pub(crate) introspection: bool,
    /// Seconds a client has to send a request's headers, from when its
    /// connection opens or its previous answer is sent.
    #[arg(long, env = "COFORUM_HEADER_READ_TIMEOUT_SECS", default_value_t = Limits::default().header_read_timeout.as_secs(), value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) header_read_timeout_secs: u64,
    /// Seconds a kept-alive connection may sit with no request before it is closed.
    #[arg(long, env = "COFORUM_IDLE_TIMEOUT_SECS", default_value_t = Limits::default().idle_timeout.as_secs(), value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) idle_timeout_secs: u64,
    /// Connections served at once; more wait until one ends.
    #[arg(long, env = "COFORUM_MAX_CONNECTIONS", default_value_t = Limits::default().max_connections, value_parser = at_least_one)]
    pub(crate) max_connections: usize,
}

pub(crate) fn at_least_one(text: &str) -> Result<usize, String> {
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
pub(crate) struct CreateAdminArgs {
    #[arg(long)]
    pub(crate) email: String,
    #[arg(long)]
    pub(crate) display_name: String,
    #[command(flatten)]
    pub(crate) database: DatabaseArgs,
}
