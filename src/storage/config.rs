//! Which database to open and how, with nothing of the command line in it.

/// How hard the database works to keep a commit through a power cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Durability {
    /// An acknowledged write survives a power cut (SQLite: `synchronous=FULL`).
    #[default]
    Full,
    /// An acknowledged write survives a crash of the process, but the last commits may be
    /// lost on a power cut (SQLite: `synchronous=NORMAL`); faster writes.
    Normal,
}

/// Which database to open and how: built from the command line or the environment by the
/// caller, with nothing of either in it.
#[derive(Debug, Clone)]
pub struct StorageConfig {
    /// A file path or a `sqlite:` URL, or a `postgres://` URL.
    pub url: String,
    pub durability: Durability,
    /// SQLite: the connections that read (writes go through one more: see
    /// [`sqlite`](super::sqlite)). PostgreSQL: the size of the pool, per instance.
    pub connections: u32,
}

impl StorageConfig {
    /// The defaults for the database at `url`.
    pub fn new(url: impl Into<String>) -> Self {
        StorageConfig {
            url: url.into(),
            durability: Durability::Full,
            connections: 8,
        }
    }
}
