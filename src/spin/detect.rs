//! Document-level detection: a calibrated spin score from the evidence of a restoration pass.
//!
//! A first restoration pass runs with the low, "this text is spun" cost. Two features summarise
//! what it found, per 100 words:
//! - `gain_per_100`: the summed log-likelihood gain (nats) of its replacements: how much more
//!   likely the restored text is than the given one;
//! - `signatures_per_100`: replacements backed by a known spinner signature (or a user pair),
//!   such as "12 months" -> "year".
//!
//! The score is `1 / (1 + exp(-(B0 + B_GAIN * gain + B_SIG * signatures)))`, in [0, 1]; a document
//! is called spun at 0.5. The weights were set by hand so that honest prose (the honest seeds and
//! State of the Union paragraphs under tests/data/) scores below 0.1 and synonym-spun text
//! above 0.9, with a margin on both sides; see the `detect` unit test for the reference points.

use serde::Serialize;

const B0: f64 = -6.0;
const B_GAIN: f64 = 0.12;
const B_SIG: f64 = 1.2;

/// The evidence behind a verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Evidence {
    /// Words in the document.
    pub words: usize,
    /// Summed gain (nats) of first-pass replacements per 100 words.
    pub gain_per_100: f64,
    /// First-pass replacements from signatures or user pairs per 100 words.
    pub signatures_per_100: f64,
}

impl Evidence {
    pub fn new(words: usize, total_gain: f64, signatures: usize) -> Self {
        let per = 100.0 / (words.max(100) as f64);
        Evidence {
            words,
            gain_per_100: total_gain * per,
            signatures_per_100: signatures as f64 * per,
        }
    }

    /// The calibrated spin score in [0, 1].
    pub fn score(&self) -> f64 {
        let z = B0 + B_GAIN * self.gain_per_100 + B_SIG * self.signatures_per_100;
        1.0 / (1.0 + (-z).exp())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_is_monotone_and_bounded() {
        let none = Evidence::new(1000, 0.0, 0).score();
        let some = Evidence::new(1000, 200.0, 10).score();
        let lots = Evidence::new(1000, 900.0, 60).score();
        assert!(none < 0.01 && none < some && some < lots && lots <= 1.0);
        // Short texts are judged per 100 words at least, so one hit is not a density of 100%.
        assert!(Evidence::new(3, 10.0, 1).score() < 0.5);
    }
}
