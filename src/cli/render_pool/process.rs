//! One render worker process as the pool sees it: its input, a thread reading its replies, a
//! thread keeping the last lines of its error output, and what to do when it stops answering.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::protocol::{Job, Reply};

/// How to start a worker.
#[derive(Clone, Debug)]
pub struct WorkerCommand {
    /// The executable.
    pub exe: PathBuf,
    /// Its arguments.
    pub args: Vec<OsString>,
}

/// Lines of a worker's error output kept for the message when it fails (a panic's message comes
/// before its backtrace).
const TAIL: usize = 60;

/// A running worker.
pub struct WorkerProcess {
    child: Child,
    stdin: ChildStdin,
    replies: Receiver<Reply>,
    tail: Arc<Mutex<VecDeque<String>>>,
    ready: Arc<AtomicBool>,
}

/// Why a job did not come back from a worker.
pub enum JobFailure {
    /// The worker answered that it could not render this layout (the layout's trouble: the
    /// worker is fine and is not asked again).
    Refused(String),
    /// The worker crashed or hung (its trouble: it is replaced and the job tried again).
    Lost(String),
}

impl WorkerProcess {
    /// Starts a worker (it answers once its renderer is up; jobs sent before queue up).
    pub fn spawn(cmd: &WorkerCommand) -> std::io::Result<WorkerProcess> {
        let mut command = Command::new(&cmd.exe);
        command
            .args(&cmd.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if std::env::var_os("RUST_LOG").is_none() {
            // Bevy's start-up information is noise here; warnings and errors are kept.
            command.env("RUST_LOG", "warn");
        }
        let mut child = command.spawn()?;
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(std::io::Error::other("the worker's pipes were not opened"));
        };
        let (tx, replies) = std::sync::mpsc::channel();
        let ready = Arc::new(AtomicBool::new(false));
        let up = ready.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let Some(r) = Reply::parse(&line) else {
                    continue;
                };
                if r.id == 0 && r.ok {
                    up.store(true, Ordering::Relaxed);
                }
                if tx.send(r).is_err() {
                    break;
                }
            }
        });
        let tail = Arc::new(Mutex::new(VecDeque::new()));
        let keep = tail.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                let mut t = keep.lock().unwrap_or_else(|p| p.into_inner());
                if t.len() == TAIL {
                    t.pop_front();
                }
                t.push_back(line);
            }
        });
        Ok(WorkerProcess {
            child,
            stdin,
            replies,
            tail,
            ready,
        })
    }

    /// Hands the worker a job and waits for its answer, at most `timeout`.
    pub fn run(&mut self, job: &Job, timeout: Duration) -> Result<(), JobFailure> {
        let line = serde_json::to_string(job)
            .map_err(|e| JobFailure::Refused(format!("cannot serialise the job: {e}")))?;
        if let Err(e) = writeln!(self.stdin, "{line}").and_then(|()| self.stdin.flush()) {
            return Err(JobFailure::Lost(
                self.stopped(&format!("stopped reading jobs ({e})")),
            ));
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.replies.recv_timeout(left) {
                Ok(r) if r.id == job.id => {
                    return if r.ok {
                        Ok(())
                    } else {
                        Err(JobFailure::Refused(r.message))
                    };
                }
                // The ready line, or an answer to a job given up on earlier.
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => {
                    self.kill();
                    return Err(JobFailure::Lost(format!(
                        "did not answer within {:.0} s",
                        timeout.as_secs_f64()
                    )));
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(JobFailure::Lost(self.stopped("exited")));
                }
            }
        }
    }

    /// Whether the worker said it had started.
    pub fn started(&self) -> bool {
        self.ready.load(Ordering::Relaxed)
    }

    /// Words for a worker that went away: its exit status and why, from its error output.
    fn stopped(&mut self, what: &str) -> String {
        let status = self.reap();
        let what = if self.started() {
            what.to_string()
        } else {
            format!("{what} while starting")
        };
        let tail = self.tail.lock().unwrap_or_else(|p| p.into_inner());
        let lines: Vec<&str> = tail.iter().map(String::as_str).collect();
        let why = last_words(&lines).map_or(String::new(), |l| format!(": {l}"));
        format!("{what} ({status}){why}")
    }

    /// Waits a moment for the process to end (its output closed first), then kills it.
    fn reap(&mut self) -> String {
        for _ in 0..50 {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.to_string();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.kill();
        "killed".into()
    }

    /// Kills the process (a worker that hangs or is no longer wanted).
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The line of a dead process's error output that says why: a panic's message (the line after
/// `panicked at`), else the last line that is not a backtrace note.
pub fn last_words(lines: &[&str]) -> Option<String> {
    let all: Vec<&str> = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    if let Some(k) = all.iter().rposition(|l| l.contains(" panicked at ")) {
        return Some(all.get(k + 1).copied().unwrap_or(all[k]).to_string());
    }
    all.iter()
        .rev()
        .find(|l| !l.starts_with("note: ") && !l.starts_with("stack backtrace"))
        .or(all.last())
        .map(|l| l.to_string())
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}
