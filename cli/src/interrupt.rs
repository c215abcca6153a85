//! Ctrl-C for the long commands (`watch`, `transactions --all`, `reconcile`): they stop at
//! once, erase their live line and exit 130 instead of being killed mid-line.

use crate::output::Failure;

/// The exit status of a command stopped by Ctrl-C (128 + SIGINT, as shells report it).
pub const INTERRUPTED: u8 = 130;

/// A Ctrl-C listener, installed when created so that a Ctrl-C arriving before the first wait
/// is not lost (tokio's `ctrl_c()` installs its handler only when first polled).
#[derive(Debug)]
pub struct Interrupt {
    #[cfg(unix)]
    signal: tokio::signal::unix::Signal,
}

impl Interrupt {
    /// Installs the listener.
    pub fn install() -> Result<Interrupt, Failure> {
        #[cfg(unix)]
        {
            let kind = tokio::signal::unix::SignalKind::interrupt();
            let signal = tokio::signal::unix::signal(kind)
                .map_err(|e| Failure::Other(format!("cannot listen for Ctrl-C: {e}")))?;
            Ok(Interrupt { signal })
        }
        #[cfg(not(unix))]
        {
            Ok(Interrupt {})
        }
    }

    /// Resolves when Ctrl-C is pressed.
    pub async fn wait(&mut self) {
        #[cfg(unix)]
        {
            self.signal.recv().await;
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }

    /// The failure a command returns when interrupted: exit 130, `interrupted` on stderr.
    pub fn stopped() -> Failure {
        eprintln!("interrupted");
        Failure::Coded {
            status: INTERRUPTED,
            error: None,
        }
    }
}
