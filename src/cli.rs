//! The command line: run the server, manage users and tokens, import and segment articles.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use tokio::net::TcpListener;

use crate::app::{self, AppState};
use crate::auth;
use crate::domain::{ArticleInput, NewArticle, Role, user};
use crate::import::import_article;
use crate::linked_data::Publisher;
use crate::sample;
use crate::segment;
use crate::storage::{self, Durability, DynStorage, Imported, StorageConfig};
use crate::telemetry::{self, LogFormat};

#[derive(Debug, Parser)]
#[command(
    name = "claimdesk",
    version,
    about = "Claim annotation service for fact-checkers"
)]
pub struct Cli {
    /// The SQLite database: a file path or a `sqlite:` URL. Created when missing.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "claimdesk.db",
        global = true
    )]
    database_url: String,

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

impl From<DurabilityArg> for Durability {
    fn from(arg: DurabilityArg) -> Self {
        match arg {
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
        #[command(flatten)]
        publisher: PublisherArgs,
        /// The first wait before retrying a failed webhook delivery, in milliseconds; each
        /// further retry waits twice as long, up to an hour.
        #[arg(long, env = "CLAIMDESK_WEBHOOK_RETRY_MS", default_value_t = 1000)]
        webhook_retry_ms: u64,
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
    },
    /// Print the segments of a text (FILE or stdin) as JSON: text, kind, start, end.
    Segment { file: Option<PathBuf> },
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

async fn open_storage(cli: &Cli) -> anyhow::Result<DynStorage> {
    storage::open(&StorageConfig {
        durability: cli.durability.into(),
        ..StorageConfig::new(&cli.database_url)
    })
    .await
}

async fn execute(cli: Cli) -> anyhow::Result<()> {
    match &cli.command {
        Command::Segment { file } => return print_segments(file.as_deref()),
        Command::Healthcheck { bind } => return healthcheck(bind).await,
        Command::Openapi => {
            println!("{}", crate::api::openapi().to_pretty_json()?);
            return Ok(());
        }
        _ => {}
    }
    let storage = open_storage(&cli).await?;
    match cli.command {
        Command::Serve {
            bind,
            sample,
            secure_cookies,
            publisher,
            webhook_retry_ms,
        } => {
            let mut state = AppState::new(storage);
            state.secure_cookies = secure_cookies;
            state.webhook_retry_base = std::time::Duration::from_millis(webhook_retry_ms.max(1));
            state.publisher = std::sync::Arc::new(Publisher {
                name: publisher.org_name,
                url: publisher.org_url,
                public_url: publisher.public_url,
            });
            serve(state, &bind, sample, &cli.database_url).await
        }
        Command::User(UserCommand::Add {
            name,
            role,
            password_stdin,
        }) => add_user(storage, &name, role, password_stdin).await,
        Command::User(UserCommand::List) => {
            for u in storage.list_users().await? {
                let login = if u.password_hash.is_some() {
                    "password"
                } else {
                    "tokens only"
                };
                println!("{}\t{}\t{}\t{}", u.name, u.role, login, u.created_at);
            }
            Ok(())
        }
        Command::Token(TokenCommand::Create { user, label }) => {
            let token = create_token(&storage, &user, &label).await?;
            eprintln!("API token for '{user}' (shown once; store it now):");
            println!("{token}");
            Ok(())
        }
        Command::Token(TokenCommand::List) => {
            for t in storage.list_tokens().await? {
                let state = t.revoked_at.as_deref().unwrap_or("active");
                println!(
                    "{}\t{}\t{}…\t{}\t{}\t{}",
                    t.id, t.user, t.prefix, t.label, t.created_at, state
                );
            }
            Ok(())
        }
        Command::Token(TokenCommand::Revoke { id }) => {
            if storage.revoke_token(id).await? {
                println!("token {id} revoked");
                Ok(())
            } else {
                bail!("no active token with id {id}; `claimdesk token list` shows them")
            }
        }
        Command::Import {
            file,
            title,
            source_url,
            published_at,
        } => {
            let body = read_input(Some(&file))?;
            let title = title.unwrap_or_else(|| {
                file.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "Untitled article".to_owned())
            });
            let is_html = crate::html::is_html_file_name(&file.to_string_lossy());
            let format = is_html.then(|| "html".to_owned());
            let article = parse_article(title, body, source_url, published_at, format)?;
            match import_article(storage.as_ref(), article, None).await? {
                Imported::Created(id) => {
                    let article = storage.article(id).await?.context("article vanished")?;
                    println!(
                        "imported article {id} with {} claims: {}",
                        article.counts.total(),
                        article.title
                    );
                }
                Imported::Existing(id) => {
                    println!("article {id} already has this exact text; nothing imported");
                }
            }
            Ok(())
        }
        Command::Backup { path, force } => backup(&storage, &path, force).await,
        Command::Restore { path, force } => {
            if !path.is_file() {
                bail!("there is no backup file at {}", path.display());
            }
            if !force && !storage.is_empty().await? {
                bail!(
                    "the database at {} holds data and may be in use; pass --force to replace it with {}",
                    cli.database_url,
                    path.display()
                );
            }
            storage.restore_from(&path).await?;
            println!("restored {} from {}", cli.database_url, path.display());
            Ok(())
        }
        Command::Segment { .. } | Command::Healthcheck { .. } | Command::Openapi => {
            unreachable!("handled before opening the database")
        }
    }
}

/// Asks the server for /healthz over a bare HTTP/1.0 request: the runtime image has no curl,
/// and a health check needs nothing more.
async fn healthcheck(bind: &str) -> anyhow::Result<()> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr: std::net::SocketAddr = bind
        .parse()
        .with_context(|| format!("'{bind}' is not an address such as 127.0.0.1:3000"))?;
    // A server bound to every interface answers on loopback.
    let target = if addr.ip().is_unspecified() {
        std::net::SocketAddr::from(([127, 0, 0, 1], addr.port()))
    } else {
        addr
    };
    let check = async {
        let mut stream = tokio::net::TcpStream::connect(target).await?;
        stream
            .write_all(b"GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n")
            .await?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await?;
        anyhow::Ok(answer)
    };
    let answer = tokio::time::timeout(std::time::Duration::from_secs(5), check)
        .await
        .with_context(|| format!("{target} did not answer within 5 s"))?
        .with_context(|| format!("cannot reach {target}"))?;
    let status_line = String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    if status_line.split_whitespace().nth(1) == Some("200") {
        println!("healthy");
        Ok(())
    } else {
        bail!("unhealthy: {status_line}")
    }
}

/// Backs up into a temporary file beside `path`, then renames it into place, so `path` is
/// never a half-written backup.
async fn backup(storage: &DynStorage, path: &Path, force: bool) -> anyhow::Result<()> {
    if path.exists() && !force {
        bail!("{} exists; pass --force to replace it", path.display());
    }
    let file_name = path
        .file_name()
        .with_context(|| format!("{} is not a file path", path.display()))?;
    let mut partial = path.to_path_buf();
    partial.set_file_name(format!(
        ".{}.partial-{}",
        file_name.to_string_lossy(),
        std::process::id()
    ));
    let _ = std::fs::remove_file(&partial);
    storage
        .backup_into(&partial)
        .await
        .with_context(|| format!("cannot write the backup to {}", partial.display()))?;
    std::fs::rename(&partial, path)
        .with_context(|| format!("cannot move the backup to {}", path.display()))?;
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    println!("backed up to {} ({size} bytes)", path.display());
    Ok(())
}

fn parse_article(
    title: String,
    body: String,
    source_url: Option<String>,
    published_at: Option<String>,
    format: Option<String>,
) -> anyhow::Result<NewArticle> {
    NewArticle::parse(ArticleInput {
        title: Some(title),
        body: Some(body),
        source_url,
        published_at,
        format,
    })
    .map_err(|errors| {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| format!("{}: {}", e.field.replace('_', "-"), e.message))
            .collect();
        anyhow::anyhow!("cannot import: {}", lines.join("; "))
    })
}

fn read_input(file: Option<&Path>) -> anyhow::Result<String> {
    let mut text = String::new();
    match file {
        None => {
            std::io::stdin()
                .read_to_string(&mut text)
                .context("cannot read standard input as UTF-8 text")?;
        }
        Some(path) if path == Path::new("-") => {
            std::io::stdin()
                .read_to_string(&mut text)
                .context("cannot read standard input as UTF-8 text")?;
        }
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            text = String::from_utf8(bytes)
                .map_err(|e| anyhow::anyhow!("{} is not UTF-8 text: {e}", path.display()))?;
        }
    }
    Ok(text)
}

fn print_segments(file: Option<&Path>) -> anyhow::Result<()> {
    let text = read_input(file)?;
    let segments = segment::segment(&text);
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &segments)?;
    writeln!(out)?;
    Ok(())
}

async fn add_user(
    storage: DynStorage,
    name: &str,
    role: Role,
    password_stdin: bool,
) -> anyhow::Result<()> {
    user::validate_name(name).map_err(anyhow::Error::msg)?;
    let password_hash = if password_stdin {
        let mut password = String::new();
        std::io::stdin()
            .read_to_string(&mut password)
            .context("cannot read the password from standard input")?;
        // `echo pw |` and here-strings add a line break that is not part of the password.
        let password = password
            .strip_suffix('\n')
            .map(|p| p.strip_suffix('\r').unwrap_or(p))
            .unwrap_or(&password)
            .to_owned();
        match user::check_password(&password) {
            Some(user::PasswordProblem::Short(n)) => eprintln!(
                "warning: the password is only {n} characters long; {} or more are recommended",
                user::RECOMMENDED_PASSWORD_CHARS
            ),
            Some(problem) => anyhow::bail!("{problem}"),
            None => {}
        }
        Some(auth::hash_password(password).await?)
    } else {
        None
    };
    let user = storage
        .create_user(name, role, password_hash.as_deref())
        .await?;
    println!("added user '{}' ({})", user.name, user.role);
    Ok(())
}

async fn create_token(storage: &DynStorage, user: &str, label: &str) -> anyhow::Result<String> {
    let Some(user) = storage.user_by_name(user).await? else {
        bail!("no user named '{user}'; add one with `claimdesk user add {user} --role ROLE`");
    };
    let token = auth::generate_token()?;
    storage
        .create_token(user.id, label, &token.hash, &token.prefix)
        .await?;
    Ok(token.token)
}

async fn serve(
    mut state: AppState,
    bind: &str,
    load_sample: bool,
    database_url: &str,
) -> anyhow::Result<()> {
    let storage = state.storage.clone();
    let listener = TcpListener::bind(bind)
        .await
        .with_context(|| format!("cannot listen on {bind}"))?;
    let base = format!("http://{}", listener.local_addr()?);

    let mut notes = Vec::new();
    if load_sample {
        let article = parse_article(
            sample::TITLE.to_owned(),
            sample::BODY.to_owned(),
            None,
            None,
            None,
        )?;
        let id = import_article(storage.as_ref(), article, None).await?.id();
        notes.push(format!("sample article: {base}/api/v1/articles/{id}"));
        if storage.list_users().await?.is_empty() {
            let password = auth::generate_token()?.token[4..20].to_owned();
            let hash = auth::hash_password(password.clone()).await?;
            storage
                .create_user("demo", Role::Admin, Some(&hash))
                .await?;
            let token = create_token(&storage, "demo", "sample").await?;
            notes.push(format!(
                "sign in at {base}/login as 'demo' with password {password} (shown once)"
            ));
            notes.push(format!(
                "API token of the admin 'demo' (shown once): {token}"
            ));
            notes.push(format!(
                "try: curl -H 'Authorization: Bearer {token}' {base}/api/v1/articles/{id}"
            ));
        } else {
            notes.push(
                "API token: `claimdesk token create USER` prints one for an existing user".into(),
            );
        }
    }

    if storage.list_users().await?.is_empty() {
        let token = auth::generate_token()?.token;
        notes.push(format!(
            "first run: create the administrator at {base}/setup?token={token}"
        ));
        state.setup_token = Some(token.into());
    }

    println!("claimdesk listening on {base}");
    println!("  database: {database_url}");
    println!("  pages: {base}/articles");
    for note in notes {
        println!("  {note}");
    }
    tracing::info!(%base, "listening");
    app::serve(listener, state, app::shutdown_signal()).await?;
    Ok(())
}
