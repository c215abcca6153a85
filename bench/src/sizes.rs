//! How much to measure: the full sizes of issue 7, or tiny ones for the test suite
//! (`--quick`); each size can be overridden by a flag or an environment variable.

use std::path::PathBuf;
use std::time::Duration;

/// Every size of one run.
#[derive(Debug, Clone, PartialEq)]
pub struct Sizes {
    /// Calls made and thrown away before each timed run.
    pub warmup: u64,
    /// Timed sequential CheckPayment calls per client.
    pub sequential: u64,
    /// Timed CheckPayment calls per client at `concurrency` in flight.
    pub concurrent: u64,
    /// Calls in flight for the concurrent runs and the emulator's throughput.
    pub concurrency: usize,
    /// Timed decodes of the GetTransactions page.
    pub decodes: u64,
    /// Requests of the emulator's throughput run.
    pub emulator: u64,
    /// Concurrent `watch_payment` streams of the scale run.
    pub watches: usize,
    /// Poll interval of each watch.
    pub watch_interval: Duration,
    /// How long the scale run lasts.
    pub watch_duration: Duration,
}

impl Sizes {
    /// The full sizes: issue 7's, with issue 17's scale run (100,000 watches at the default
    /// 5 s interval).
    pub fn full() -> Sizes {
        Sizes {
            warmup: 1_000,
            sequential: 10_000,
            concurrent: 40_000,
            concurrency: 64,
            decodes: 10_000,
            emulator: 100_000,
            watches: 100_000,
            watch_interval: Duration::from_secs(5),
            watch_duration: Duration::from_secs(30),
        }
    }

    /// A whole run in a few seconds, for the test suite.
    pub fn quick() -> Sizes {
        Sizes {
            warmup: 20,
            sequential: 100,
            concurrent: 300,
            concurrency: 64,
            decodes: 50,
            emulator: 500,
            watches: 100,
            watch_interval: Duration::from_secs(1),
            watch_duration: Duration::from_secs(2),
        }
    }
}

impl Sizes {
    /// Timed GetTransactions calls of a full page per client: a quarter of the sequential
    /// CheckPayment calls (each brings 40 kB).
    pub fn page_calls(&self) -> u64 {
        (self.sequential / 4).max(1)
    }
}

/// The command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Args {
    /// What to measure.
    pub sizes: Sizes,
    /// Whether the sizes are the quick ones (said in the report).
    pub quick: bool,
    /// Where to write the Markdown report; `None` with `--no-write`.
    pub out: Option<PathBuf>,
    /// Whether to run the Python and Node runners.
    pub external: bool,
    /// Whether to count instructions per operation under callgrind (valgrind).
    pub icount: bool,
    /// Only serve the emulator for hand-run probes this many seconds (see `icount::serve`).
    pub serve_probes: Option<u64>,
    /// Run only the scale run (no call, decode, runner or instruction count measurement).
    pub scale_only: bool,
}

/// Usage text of `--help`.
pub const USAGE: &str = "forumpay-bench [--quick] [--no-write] [--out FILE] [--no-external] [--no-icount | --icount] [--serve-probes SECS] [--scale-only]
  [--warmup N] [--sequential N] [--concurrent N] [--concurrency N] [--decodes N]
  [--emulator N] [--watches N] [--watch-interval-ms MS] [--watch-secs S]
Each size flag may also be given as an environment variable: BENCH_WATCHES=10000, ...";

impl Args {
    /// Parses `args` (without the program name), reading `env` for sizes not given as flags.
    pub fn parse(args: &[String], env: impl Fn(&str) -> Option<String>) -> Result<Args, String> {
        let quick = args.iter().any(|a| a == "--quick") || env("BENCH_QUICK").is_some_and(|v| v == "1");
        let mut parsed = Args {
            sizes: if quick { Sizes::quick() } else { Sizes::full() },
            quick,
            out: Some(PathBuf::from("tests/bench/results.md")),
            external: true,
            icount: !quick,
            serve_probes: None,
            scale_only: false,
        };
        let mut sizes: Vec<(String, String)> = Vec::new();
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            match arg.as_str() {
                "--quick" => {}
                "--no-write" => parsed.out = None,
                "--no-external" => parsed.external = false,
                "--no-icount" => parsed.icount = false,
                "--icount" => parsed.icount = true,
                "--scale-only" => parsed.scale_only = true,
                "--serve-probes" => {
                    let secs = it.next().and_then(|v| v.parse().ok()).ok_or("--serve-probes needs seconds")?;
                    parsed.serve_probes = Some(secs);
                }
                "--out" => parsed.out = Some(PathBuf::from(it.next().ok_or("--out needs a file")?)),
                "-h" | "--help" => return Err(USAGE.to_string()),
                flag if flag.starts_with("--") => {
                    let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
                    sizes.push((flag[2..].to_string(), value.clone()));
                }
                other => return Err(format!("unexpected argument {other}\n{USAGE}")),
            }
        }
        for name in ["warmup", "sequential", "concurrent", "concurrency", "decodes", "emulator", "watches", "watch-interval-ms", "watch-secs"] {
            let from_env = env(&format!("BENCH_{}", name.replace('-', "_").to_uppercase()));
            let given = sizes.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.clone()).or(from_env);
            if let Some(value) = given {
                let n: u64 = value.parse().map_err(|_| format!("--{name}: not a number: {value}"))?;
                parsed.sizes.set(name, n);
            }
        }
        if let Some((unknown, _)) = sizes.iter().find(|(n, _)| !Sizes::NAMES.contains(&n.as_str())) {
            return Err(format!("unknown flag --{unknown}\n{USAGE}"));
        }
        Ok(parsed)
    }
}

impl Sizes {
    const NAMES: [&'static str; 9] =
        ["warmup", "sequential", "concurrent", "concurrency", "decodes", "emulator", "watches", "watch-interval-ms", "watch-secs"];

    fn set(&mut self, name: &str, n: u64) {
        match name {
            "warmup" => self.warmup = n,
            "sequential" => self.sequential = n.max(1),
            "concurrent" => self.concurrent = n.max(1),
            "concurrency" => self.concurrency = n.max(1) as usize,
            "decodes" => self.decodes = n.max(1),
            "emulator" => self.emulator = n.max(1),
            "watches" => self.watches = n.max(1) as usize,
            "watch-interval-ms" => self.watch_interval = Duration::from_millis(n.max(1000)),
            _ => self.watch_duration = Duration::from_secs(n.max(1)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str], env: &[(&str, &str)]) -> Result<Args, String> {
        let list: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        Args::parse(&list, |k| env.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string()))
    }

    #[test]
    fn flags_override_env_which_overrides_presets() {
        let a = args(&["--quick", "--watches", "7", "--no-write"], &[("BENCH_WATCHES", "9"), ("BENCH_DECODES", "3")]).unwrap();
        assert!(a.quick && a.out.is_none() && a.external && !a.icount);
        assert!(args(&[], &[]).unwrap().icount && !args(&["--no-icount"], &[]).unwrap().icount);
        assert_eq!((a.sizes.watches, a.sizes.decodes, a.sizes.sequential), (7, 3, 100));
        assert!(!a.scale_only);
        assert!(args(&["--scale-only"], &[]).unwrap().scale_only);
        assert_eq!(args(&[], &[]).unwrap().sizes, Sizes::full());
        assert!(args(&["--bogus", "1"], &[]).is_err());
        assert!(args(&["--watches", "x"], &[]).is_err());
    }
}
