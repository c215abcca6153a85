//! The live line: one line on stderr, redrawn in place, that shows what a long command is
//! doing (a watch's state and time left, an export's pages). Drawn only when stderr is a
//! terminal, so piped or redirected output never holds a carriage return or an escape code.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// How often the line is redrawn at most: often enough to look alive, rarely enough to cost
/// nothing.
pub const REDRAW_EVERY: Duration = Duration::from_millis(100);

/// Frames of the spinner (plain ASCII: any terminal, any font).
const SPINNER: [char; 4] = ['-', '\\', '|', '/'];

/// Carriage return, then erase the whole line.
const ERASE: &str = "\r\x1b[2K";

/// A line on stderr redrawn in place; does nothing when stderr is not a terminal.
#[derive(Debug)]
pub struct LiveLine {
    enabled: bool,
    shown: bool,
    frame: usize,
    last_draw: Option<Instant>,
}

impl LiveLine {
    /// A live line on stderr, enabled when stderr is a terminal that can erase a line (not
    /// `TERM=dumb`).
    pub fn stderr() -> LiveLine {
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        LiveLine {
            enabled: std::io::stderr().is_terminal() && !dumb,
            shown: false,
            frame: 0,
            last_draw: None,
        }
    }

    /// Whether anything is drawn at all.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Draws `text` after the next spinner frame, cut to the terminal's width. Skipped when the
    /// last draw was less than [`REDRAW_EVERY`] ago, unless `force`.
    pub fn draw(&mut self, text: &str, force: bool) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        if !force && self.last_draw.is_some_and(|t| now - t < REDRAW_EVERY) {
            return;
        }
        self.last_draw = Some(now);
        self.frame = (self.frame + 1) % SPINNER.len();
        let line = format!("{} {text}", SPINNER[self.frame]);
        let fitted: String = line
            .chars()
            .take(terminal_width().saturating_sub(1))
            .collect();
        let mut err = std::io::stderr().lock();
        // A terminal that cannot be written to has nothing to show; the command goes on.
        let _ = write!(err, "{ERASE}{fitted}");
        let _ = err.flush();
        self.shown = true;
    }

    /// Erases the line, so that ordinary output can be printed where it was.
    pub fn clear(&mut self) {
        if self.shown {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "{ERASE}");
            let _ = err.flush();
            self.shown = false;
        }
    }

    /// Erases the line and prints `text` on stderr in its place, when drawing is enabled: a
    /// closing summary for people at a terminal, absent from redirected output.
    pub fn finish(&mut self, text: &str) {
        if self.enabled {
            self.clear();
            eprintln!("{text}");
        }
    }
}

impl Drop for LiveLine {
    fn drop(&mut self) {
        self.clear();
    }
}

/// Columns of the terminal on stderr; `COLUMNS`, then 80, when it cannot be asked.
fn terminal_width() -> usize {
    asked_width()
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .filter(|w| *w > 0)
        .unwrap_or(80)
}

#[cfg(unix)]
fn asked_width() -> Option<usize> {
    let mut size = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ writes one `winsize` through the pointer, which points at a live,
    // properly aligned `winsize` for the whole call.
    let ok = unsafe { libc::ioctl(libc::STDERR_FILENO, libc::TIOCGWINSZ, &mut size) } == 0;
    (ok && size.ws_col > 0).then_some(usize::from(size.ws_col))
}

#[cfg(not(unix))]
fn asked_width() -> Option<usize> {
    None
}

/// `1:05:09` or `4:07`: a duration for the live line.
pub fn clock(duration: Duration) -> String {
    let s = duration.as_secs();
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_reads_like_a_timer() {
        assert_eq!(clock(Duration::from_secs(0)), "0:00");
        assert_eq!(clock(Duration::from_secs(247)), "4:07");
        assert_eq!(clock(Duration::from_secs(3909)), "1:05:09");
    }
}
