//! What the process costs, read from `/proc` (Linux only): resident memory, CPU time of the
//! whole process and of named threads, and a description of the machine for the report.

use std::process::Command;
use std::time::Duration;

/// Clock ticks per second of `/proc/*/stat` (`getconf CLK_TCK`, 100 on every Linux we run on).
const TICKS_PER_SECOND: u64 = 100;

/// User + system CPU time from a `stat` line (fields 14 and 15, after the command name).
fn cpu_of_stat(stat: &str) -> Duration {
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    let fields: Vec<&str> = stat.rsplit_once(')').map_or("", |(_, rest)| rest).split_whitespace().collect();
    let ticks: u64 = [11, 12].iter().filter_map(|&i| fields.get(i)?.parse::<u64>().ok()).sum();
    Duration::from_millis(ticks * 1000 / TICKS_PER_SECOND)
}

/// CPU time of one thread to the nanosecond (`schedstat`: time on the CPU), else from its
/// `stat` in clock ticks (10 ms: a short measurement, taken in rounds, would be mostly rounding).
fn thread_cpu(task: &std::path::Path) -> Duration {
    let schedstat = std::fs::read_to_string(task.join("schedstat")).ok();
    match schedstat.as_deref().and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok()) {
        Some(ns) => Duration::from_nanos(ns),
        None => cpu_of_stat(&std::fs::read_to_string(task.join("stat")).unwrap_or_default()),
    }
}

/// CPU time used so far by the threads of this process whose name starts with `prefix` (all
/// of them for `""`). Linux truncates thread names to 15 bytes, so pass a prefix of at most
/// that. Threads that have exited are not counted: the measured clients keep theirs.
pub fn threads_cpu(prefix: &str) -> Duration {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Duration::ZERO;
    };
    tasks
        .filter_map(|t| t.ok())
        .filter(|t| {
            prefix.is_empty()
                || std::fs::read_to_string(t.path().join("comm")).is_ok_and(|c| c.trim_end().starts_with(prefix))
        })
        .map(|t| thread_cpu(&t.path()))
        .sum()
}

/// CPU time used by the whole process so far (its live threads, to the nanosecond).
pub fn process_cpu() -> Duration {
    threads_cpu("")
}

/// The load averages of the machine (1, 5 and 15 minutes) from `/proc/loadavg`.
pub fn load_average() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

/// CPU spent by this process outside the given helper threads (the emulator), so
/// a figure charges the client only.
#[derive(Debug, Clone, Copy)]
pub struct CpuMark {
    process: Duration,
    helpers: Duration,
}

/// Name prefixes of the threads that are not the client: the emulator's (the scale run's
/// recorder runs on it).
pub const HELPER_THREADS: [&str; 1] = ["forumpay-sandb"];

impl CpuMark {
    /// The counters now.
    pub fn now() -> CpuMark {
        CpuMark { process: process_cpu(), helpers: HELPER_THREADS.iter().map(|p| threads_cpu(p)).sum() }
    }

    /// Client CPU (process minus helpers) and helpers' CPU since `self`.
    pub fn since(&self) -> (Duration, Duration) {
        let now = CpuMark::now();
        let helpers = now.helpers.saturating_sub(self.helpers);
        (now.process.saturating_sub(self.process).saturating_sub(helpers), helpers)
    }
}

/// `/proc` files opened once, read again at will: readings keep working when the process has
/// run out of file descriptors (as a client that opens thousands of connections can).
pub struct Meter {
    stat: std::fs::File,
    status: std::fs::File,
    helpers: Vec<std::fs::File>,
}

impl Meter {
    /// Opens the process's files and those of the helper threads running now.
    pub fn open() -> std::io::Result<Meter> {
        let mut helpers = Vec::new();
        for task in std::fs::read_dir("/proc/self/task")?.filter_map(|t| t.ok()) {
            let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
            if HELPER_THREADS.iter().any(|p| comm.trim_end().starts_with(p)) {
                helpers.push(std::fs::File::open(task.path().join("stat"))?);
            }
        }
        Ok(Meter { stat: std::fs::File::open("/proc/self/stat")?, status: std::fs::File::open("/proc/self/status")?, helpers })
    }

    fn read(file: &std::fs::File) -> String {
        use std::os::unix::fs::FileExt;
        let mut buf = vec![0u8; 8192];
        let n = file.read_at(&mut buf, 0).unwrap_or(0);
        String::from_utf8_lossy(&buf[..n]).into_owned()
    }

    /// Resident memory in bytes (0 when unknown).
    pub fn rss(&self) -> u64 {
        Meter::read(&self.status)
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or(0, |kb| kb * 1024)
    }

    /// CPU time so far: the process's, and the helper threads'.
    pub fn cpu(&self) -> (Duration, Duration) {
        (cpu_of_stat(&Meter::read(&self.stat)), self.helpers.iter().map(|f| cpu_of_stat(&Meter::read(f))).sum())
    }
}

/// How long the threads running when it was opened have waited, runnable, for a CPU (the
/// second field of each thread's `schedstat`: time on a run queue). When it grows by most of a
/// second in a second, the machine, not the work, held the process up.
pub struct RunQueueWait {
    threads: Vec<std::fs::File>,
}

impl RunQueueWait {
    /// Opens the `schedstat` of every thread of the process now.
    pub fn open() -> std::io::Result<RunQueueWait> {
        let tasks = std::fs::read_dir("/proc/self/task")?.filter_map(|t| t.ok());
        Ok(RunQueueWait { threads: tasks.filter_map(|t| std::fs::File::open(t.path().join("schedstat")).ok()).collect() })
    }

    /// The total wait so far (threads that have exited read as nothing).
    pub fn waited(&self) -> Duration {
        let ns = |text: String| text.split_whitespace().nth(1).and_then(|n| n.parse::<u64>().ok()).unwrap_or(0);
        Duration::from_nanos(self.threads.iter().map(|f| ns(Meter::read(f))).sum())
    }
}

/// Logical cores, the CPU model, and the versions of the toolchains that took part.
pub fn machine() -> Vec<(String, String)> {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cores = cpuinfo.lines().filter(|l| l.starts_with("processor")).count();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|m| m.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_else(|| "unknown".into());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:").map(|v| v.trim().to_string()))
        .unwrap_or_else(|| "unknown".into());
    vec![
        ("cores".into(), format!("{cores} ({model})")),
        ("memory".into(), mem),
        ("kernel".into(), version_of("uname", &["-sr"])),
        ("load average at the start (1, 5, 15 min)".into(), load_average()),
        ("rust".into(), version_of("rustc", &["--version"])),
        ("python".into(), version_of(&crate::external::python_interpreter(), &["--version"])),
        ("node".into(), version_of("node", &["--version"])),
    ]
}

/// First line of `program args`, or "not found".
fn version_of(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| {
            let text = if o.stdout.is_empty() { o.stderr } else { o.stdout };
            String::from_utf8_lossy(&text).lines().next().unwrap_or("").trim().to_string()
        })
        .unwrap_or_else(|| "not found".into())
}

/// Today's date and time in UTC (`date -u`), without pulling a date crate.
pub fn now_utc() -> String {
    version_of("date", &["-u", "+%Y-%m-%d %H:%M UTC"])
}
