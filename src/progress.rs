//! Live progress of a long run, as plain atomic counters: the library counts, a front end
//! (the CLI's progress bar) reads.
//!
//! A scan over millions of documents runs for minutes, so the user wants to see how far it has
//! got. The library must not draw anything (it has no idea whether stderr is a terminal, or
//! whether there is a terminal at all), so each stage only announces itself with
//! [`Progress::start`] and bumps a counter with [`Progress::advance`]; whoever wants a display
//! polls [`Progress::snapshot`] from another thread. Counting is one relaxed atomic add per
//! item (no lock), and a `Progress` nobody reads costs nothing more. Progress never changes
//! results.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The stages of a scan, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Nothing started yet.
    Idle,
    /// Files read (total: the files listed).
    Reading,
    /// Documents sketched: words, shingles, MinHash, fingerprints.
    Sketching,
    /// Document pairs sharing fingerprints, aligned into passages.
    Aligning,
    /// Candidate pairs verified exactly.
    Verifying,
    /// Spun copies paired with their sources (no count: one pass).
    PairingSpun,
    /// Documents scored for spinning.
    ScoringSpin,
    /// The run is over.
    Done,
}

impl Stage {
    const ALL: [Stage; 8] = [
        Stage::Idle,
        Stage::Reading,
        Stage::Sketching,
        Stage::Aligning,
        Stage::Verifying,
        Stage::PairingSpun,
        Stage::ScoringSpin,
        Stage::Done,
    ];

    /// What the stage counts, for a display: "files read", "pairs aligned", ….
    pub fn counting(self) -> &'static str {
        match self {
            Stage::Idle => "starting",
            Stage::Reading => "files read",
            Stage::Sketching => "documents sketched",
            Stage::Aligning => "pairs aligned",
            Stage::Verifying => "candidates verified",
            Stage::PairingSpun => "pairing spun copies",
            Stage::ScoringSpin => "documents scored for spin",
            Stage::Done => "done",
        }
    }
}

/// The counters of one run. Share it by reference (or in an `Arc`) between the worker and the
/// display; `Default` is a fresh, idle one.
#[derive(Debug, Default)]
pub struct Progress {
    stage: AtomicUsize,
    done: AtomicUsize,
    /// 0 when the total is unknown.
    total: AtomicUsize,
}

/// What a display sees at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snapshot {
    pub stage: Stage,
    pub done: usize,
    /// `None` when the stage does not know its total in advance.
    pub total: Option<usize>,
}

impl Progress {
    pub fn new() -> Self {
        Self::default()
    }

    /// Enters `stage`, with `total` items to go when known; the count starts at 0.
    pub fn start(&self, stage: Stage, total: Option<usize>) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total.unwrap_or(0), Ordering::Relaxed);
        let index = Stage::ALL.iter().position(|&s| s == stage).unwrap_or(0);
        self.stage.store(index, Ordering::Release);
    }

    /// Counts `n` more items of the current stage done.
    pub fn advance(&self, n: usize) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }

    /// The current stage and count. The three values are read one after the other, so a
    /// snapshot taken at a stage change may mix the two stages' counts for one frame.
    pub fn snapshot(&self) -> Snapshot {
        let stage = Stage::ALL[self.stage.load(Ordering::Acquire).min(Stage::ALL.len() - 1)];
        let total = self.total.load(Ordering::Relaxed);
        Snapshot {
            stage,
            done: self.done.load(Ordering::Relaxed),
            total: (total > 0).then_some(total),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    #[test]
    fn counts_from_every_thread_add_up_and_a_new_stage_starts_at_zero() {
        let p = Progress::new();
        assert_eq!(p.snapshot().stage, Stage::Idle);
        p.start(Stage::Verifying, Some(10_000));
        (0..10_000).into_par_iter().for_each(|_| p.advance(1));
        assert_eq!(
            p.snapshot(),
            Snapshot {
                stage: Stage::Verifying,
                done: 10_000,
                total: Some(10_000)
            }
        );
        p.start(Stage::PairingSpun, None);
        assert_eq!(
            p.snapshot(),
            Snapshot {
                stage: Stage::PairingSpun,
                done: 0,
                total: None
            }
        );
    }
}
