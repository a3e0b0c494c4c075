//! The command line: run the server, manage users and tokens, import and segment articles,
//! back up and restore. Flags and environment are read here, once, into [`Config`] and
//! [`StorageConfig`]; each command lives in its own file.

mod accounts;
mod articles;
mod maintenance;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::domain::Role;
use crate::linked_data::Publisher;
use crate::storage::{self, Durability, DynStorage, StorageConfig};
use crate::telemetry::{self, LogFormat};

#[derive(Debug, Parser)]
#[command(
    name = "claimdesk",
    version,
    about = "Claim annotation service for fact-checkers"
)]
pub struct Cli {
    /// The database: a SQLite file path or `sqlite:` URL (created when missing), or a
    /// `postgres://` URL for several instances sharing one PostgreSQL database.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "claimdesk.db",
        global = true
    )]
    database_url: String,

    /// Database connections: SQLite's readers (default: one per core, at least two), or the
    /// size of the PostgreSQL pool of this instance (default: 8; each instance also holds one
    /// listening connection).
    #[arg(long, env = "CLAIMDESK_DB_CONNECTIONS", value_parser = clap::value_parser!(u32).range(1..=1000), global = true)]
    db_connections: Option<u32>,

    /// `full` keeps every acknowledged verdict through a power cut; `normal` only through a
    /// crash of the process, and writes faster.
    #[arg(long, env = "CLAIMDESK_DURABILITY", value_enum, default_value_t = DurabilityArg::Full, global = true)]
    durability: DurabilityArg,

    /// Log lines as `text` or `json` (one object per line, with the request id).
    #[arg(long, env = "CLAIMDESK_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    log_format: LogFormat,

    #[command(subcommand)]
    command: Command,
}

/// [`Durability`] as the command line spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DurabilityArg {
    /// An acknowledged write survives a power cut.
    Full,
    /// An acknowledged write survives a crash of the process; faster writes.
    Normal,
}

impl DurabilityArg {
    fn durability(self) -> Durability {
        match self {
            DurabilityArg::Full => Durability::Full,
            DurabilityArg::Normal => Durability::Normal,
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the HTTP server (JSON API under /api/v1).
    Serve {
        /// Address to listen on; port 0 picks a free port (the chosen address is printed).
        #[arg(long, env = "CLAIMDESK_BIND", default_value = "127.0.0.1:3000")]
        bind: String,
        /// Load the bundled sample article, and on a database without users create an admin
        /// `demo` with an API token, printed once.
        #[arg(long)]
        sample: bool,
        /// Mark session cookies Secure: set this when claimdesk is served over HTTPS.
        #[arg(long, env = "CLAIMDESK_SECURE_COOKIES")]
        secure_cookies: bool,
        /// Behind a load balancer that appends the client's address to X-Forwarded-For: count
        /// sign-in attempts by that address (the rightmost entry), not the balancer's.
        #[arg(long, env = "CLAIMDESK_TRUST_FORWARDED_FOR")]
        trust_forwarded_for: bool,
        #[command(flatten)]
        publisher: PublisherArgs,
        /// The first wait before retrying a failed webhook delivery, in milliseconds; each
        /// further retry waits twice as long, up to an hour.
        #[arg(long, env = "CLAIMDESK_WEBHOOK_RETRY_MS", default_value_t = 1000)]
        webhook_retry_ms: u64,
        /// Let imports by URL fetch pages from loopback, private and link-local addresses (an
        /// intranet CMS). Off by default: a URL must not make claimdesk read its own network.
        #[arg(long, env = "CLAIMDESK_ALLOW_PRIVATE_URLS")]
        allow_private_urls: bool,
    },
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Import an article from a text or HTML file (or `-` for stdin) straight into the database.
    Import {
        file: PathBuf,
        /// The article's title (default: the file name).
        #[arg(long)]
        title: Option<String>,
        /// Where the article was published.
        #[arg(long)]
        source_url: Option<String>,
        /// When it was published: RFC 3339 or YYYY-MM-DD.
        #[arg(long)]
        published_at: Option<String>,
        /// Its language (BCP 47: en, de, pt-BR, zh…); detected from the text when not given.
        #[arg(long)]
        language: Option<String>,
    },
    /// Print the segments of a text (FILE or stdin) as JSON: text, kind, start, end.
    Segment {
        file: Option<PathBuf>,
        /// The text's language (BCP 47: en, de, pt-BR, zh…); detected when not given.
        #[arg(long)]
        language: Option<String>,
    },
    /// Print the OpenAPI 3.1 document of the JSON API.
    Openapi,
    /// Exit 0 when the server at ADDR answers /healthz with 200 (for container health checks).
    Healthcheck {
        #[arg(long, env = "CLAIMDESK_BIND", default_value = "127.0.0.1:3000")]
        bind: String,
    },
    /// Write a consistent copy of the database to PATH, while the server keeps running.
    Backup {
        path: PathBuf,
        /// Replace PATH if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Replace the database with the backup at PATH (online: a running server sees it at once).
    Restore {
        path: PathBuf,
        /// Replace a database that holds data.
        #[arg(long)]
        force: bool,
    },
}

/// Who publishes the reviews, for ClaimReview output.
#[derive(Debug, clap::Args)]
struct PublisherArgs {
    /// The organisation named as author of every ClaimReview.
    #[arg(long, env = "CLAIMDESK_ORG_NAME", default_value = "claimdesk")]
    org_name: String,
    /// The organisation's web site.
    #[arg(long, env = "CLAIMDESK_ORG_URL")]
    org_url: Option<String>,
    /// The address people and tools reach claimdesk at (https://factcheck.example.org), for
    /// absolute links; by default the Host of each request.
    #[arg(long, env = "CLAIMDESK_PUBLIC_URL")]
    public_url: Option<String>,
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Add a user.
    Add {
        name: String,
        /// viewer, reviewer, editor or admin.
        #[arg(long)]
        role: Role,
        /// Read the password from standard input (without it, the user signs in with tokens
        /// only).
        #[arg(long)]
        password_stdin: bool,
    },
    /// List users.
    List,
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Create an API token for a user; the token is printed once, alone on the last line.
    Create {
        /// The user the token acts as.
        user: String,
        /// What the token is for, to tell tokens apart.
        #[arg(long, default_value = "cli")]
        label: String,
    },
    /// List tokens (never the secrets themselves).
    List,
    /// Revoke a token by its id.
    Revoke { id: i64 },
}

/// Runs the command line and turns any failure into a message and a non-zero exit.
pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    let default_filter = if matches!(cli.command, Command::Serve { .. }) {
        "claimdesk=info,tower_http=info"
    } else {
        "claimdesk=warn"
    };
    telemetry::init_logging(cli.log_format, default_filter);
    match execute(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

impl Cli {
    fn storage_config(&self) -> StorageConfig {
        let defaults = StorageConfig::new(&self.database_url);
        StorageConfig {
            durability: self.durability.durability(),
            connections: self.db_connections.unwrap_or(defaults.connections),
            ..defaults
        }
    }

    async fn open_storage(&self) -> anyhow::Result<DynStorage> {
        storage::open(&self.storage_config()).await
    }
}

async fn execute(cli: Cli) -> anyhow::Result<()> {
    match &cli.command {
        Command::Serve {
            bind,
            sample,
            secure_cookies,
            trust_forwarded_for,
            publisher,
            webhook_retry_ms,
            allow_private_urls,
        } => {
            let config = Config {
                storage: cli.storage_config(),
                bind: bind.clone(),
                load_sample: *sample,
                secure_cookies: *secure_cookies,
                trust_forwarded_for: *trust_forwarded_for,
                publisher: Publisher {
                    name: publisher.org_name.clone(),
                    url: publisher.org_url.clone(),
                    public_url: publisher.public_url.clone(),
                },
                webhook_retry_base: std::time::Duration::from_millis((*webhook_retry_ms).max(1)),
                allow_private_urls: *allow_private_urls,
            };
            serve::run(&config).await
        }
        Command::User(UserCommand::Add {
            name,
            role,
            password_stdin,
        }) => accounts::add_user(&cli.open_storage().await?, name, *role, *password_stdin).await,
        Command::User(UserCommand::List) => accounts::list_users(&cli.open_storage().await?).await,
        Command::Token(TokenCommand::Create { user, label }) => {
            accounts::create_token_command(&cli.open_storage().await?, user, label).await
        }
        Command::Token(TokenCommand::List) => {
            accounts::list_tokens(&cli.open_storage().await?).await
        }
        Command::Token(TokenCommand::Revoke { id }) => {
            accounts::revoke_token(&cli.open_storage().await?, *id).await
        }
        Command::Import {
            file,
            title,
            source_url,
            published_at,
            language,
        } => {
            let fields = crate::domain::ArticleInput {
                title: title.clone(),
                source_url: source_url.clone(),
                published_at: published_at.clone(),
                language: language.clone(),
                ..Default::default()
            };
            articles::import(&cli.open_storage().await?, file, fields).await
        }
        Command::Segment { file, language } => {
            articles::print_segments(file.as_deref(), language.as_deref())
        }
        Command::Openapi => {
            println!("{}", crate::api::openapi().to_pretty_json()?);
            Ok(())
        }
        Command::Healthcheck { bind } => maintenance::healthcheck(bind).await,
        Command::Backup { path, force } => {
            maintenance::backup(&cli.open_storage().await?, path, *force).await
        }
        Command::Restore { path, force } => {
            maintenance::restore(&cli.open_storage().await?, &cli.database_url, path, *force).await
        }
    }
}
