//! The progress line on stderr: a thread polls the library's [`Progress`] counters ten times
//! a second and draws them with `indicatif` (count, rate and, when the total is known, a bar
//! and ETA).
//!
//! Drawn only when stderr is a terminal and `--quiet` is off, so pipes, log files and CI never
//! see a progress byte; stdout and result files are never touched. Messages printed while the
//! line is shown go through [`ProgressLine::printer`], which lifts the line, prints, and draws
//! it again, so they are never glued to it.

use copydesk::progress::{Progress, Snapshot, Stage};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

/// How often the counters are read.
const POLL: Duration = Duration::from_millis(100);

/// A running progress display; [`ProgressLine::finish`] (or drop) clears it.
pub struct ProgressLine {
    bar: ProgressBar,
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl ProgressLine {
    /// Starts drawing `progress` on stderr when `visible`; otherwise draws nothing at all.
    pub fn start(progress: Arc<Progress>, visible: bool) -> ProgressLine {
        if !visible {
            return ProgressLine {
                bar: ProgressBar::hidden(),
                stop: None,
                thread: None,
            };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        let (stop, stopped) = mpsc::channel::<()>();
        let drawn = bar.clone();
        let thread = std::thread::spawn(move || {
            // a stage may learn its total after it started (reading: once the files are listed)
            let mut shown = None;
            // draw first, then wait: even a short run shows one frame
            loop {
                let now = progress.snapshot();
                if shown != Some((now.stage, now.total)) {
                    restyle(&drawn, now);
                    shown = Some((now.stage, now.total));
                }
                drawn.set_position(now.done as u64);
                drawn.tick();
                if !matches!(stopped.recv_timeout(POLL), Err(RecvTimeoutError::Timeout)) {
                    break;
                }
            }
            drawn.finish_and_clear();
        });
        ProgressLine {
            bar,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// Prints whole lines on stderr without breaking the progress line.
    pub fn printer(&self) -> impl Fn(&str) + Send + Sync + 'static {
        let bar = self.bar.clone();
        move |line: &str| bar.suspend(|| eprintln!("{line}"))
    }

    /// Stops and clears the line, before results are written.
    pub fn finish(mut self) {
        self.stop_thread();
    }

    fn stop_thread(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for ProgressLine {
    fn drop(&mut self) {
        self.stop_thread();
    }
}

/// A new stage: its own template (a bar and ETA when the total is known), count from zero.
fn restyle(bar: &ProgressBar, now: Snapshot) {
    let template = match (now.stage, now.total) {
        (Stage::Idle | Stage::Done | Stage::PairingSpun, _) => "{spinner} {msg} ({elapsed})",
        (_, Some(_)) => {
            "{spinner} {msg:26} [{bar:30}] {human_pos}/{human_len} ({per_sec:0}, ETA {eta})"
        }
        (_, None) => "{spinner} {msg:26} {human_pos} ({per_sec:0})",
    };
    bar.reset();
    match now.total {
        Some(total) => bar.set_length(total as u64),
        None => bar.unset_length(),
    }
    bar.set_message(now.stage.counting());
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
}
