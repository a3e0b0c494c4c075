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
        let url = url.into();
        let connections = default_connections(&url);
        StorageConfig {
            url,
            durability: Durability::Full,
            connections,
        }
    }
}

/// Whether `url` names a PostgreSQL database.
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// PostgreSQL: a pool of 8 per instance. SQLite: one reader per core, and at least two so
/// that one slow read does not hold up every other. A read of a local file is CPU work, so
/// readers beyond the cores only wait for one, while each holds a page cache (up to 2 MB), its
/// prepared statements and a thread of its own. Measured with the load benchmark on 2 cores
/// (1,000,000 claims, the file in the OS's cache): 8 readers against 4, the same throughput and
/// peak RSS 121 → 112 MB; 4 against 2, the same throughput again and about 4 MB less.
fn default_connections(url: &str) -> u32 {
    if is_postgres_url(url) {
        8
    } else {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        u32::try_from(cores.max(2)).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_reads_on_a_connection_per_core_and_postgres_pools_eight() {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        let readers = cores.max(2);
        assert_eq!(
            StorageConfig::new("claimdesk.db").connections as usize,
            readers
        );
        assert_eq!(
            StorageConfig::new("sqlite:data/claimdesk.db").connections as usize,
            readers
        );
        assert_eq!(
            StorageConfig::new("postgres://claimdesk@localhost/claimdesk").connections,
            8
        );
    }
}
