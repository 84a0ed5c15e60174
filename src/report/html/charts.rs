//! Small bar charts drawn as inline SVG (no script, nothing fetched): what the corpus holds at
//! a glance. Each chart has a caption, labelled axes and its count written over every bar, so
//! it reads without colour and without hovering; the SVG carries a `<title>` for screen
//! readers. The charts only count what the scan found: sizes of its clusters, the Jaccard and
//! kinds of its copy pairs, the spin scores of its documents.

use super::ReportContext;
use crate::dedup::CopyKind;
use maud::{Markup, html};

/// One bar: its label under the axis and its count.
pub struct Bar {
    pub label: String,
    pub count: usize,
}

impl Bar {
    fn new(label: impl Into<String>, count: usize) -> Self {
        Bar {
            label: label.into(),
            count,
        }
    }
}

/// A bar chart.
pub struct Chart {
    pub title: &'static str,
    pub x_label: &'static str,
    pub y_label: &'static str,
    pub bars: Vec<Bar>,
}

const WIDTH: f64 = 270.0;
const HEIGHT: f64 = 230.0;
/// The plot area: left, right, top, bottom.
const LEFT: f64 = 40.0;
const RIGHT: f64 = 262.0;
const TOP: f64 = 22.0;
const BOTTOM: f64 = 172.0;

impl Chart {
    /// The chart as a `<figure>`: the caption, then the SVG.
    pub fn render(&self) -> Markup {
        let max = self.bars.iter().map(|b| b.count).max().unwrap_or(0);
        let total: usize = self.bars.iter().map(|b| b.count).sum();
        let slot = (RIGHT - LEFT) / self.bars.len().max(1) as f64;
        let bar_width = (slot * 0.7).min(48.0);
        let height = |count: usize| {
            if max == 0 {
                0.0
            } else {
                (BOTTOM - TOP) * count as f64 / max as f64
            }
        };
        let summary = self
            .bars
            .iter()
            .map(|b| format!("{}: {}", b.label, b.count))
            .collect::<Vec<_>>()
            .join(", ");
        html! {
            figure.chart {
                figcaption { (self.title) " " span.meta { "(" (total) " in all)" } }
                svg xmlns="http://www.w3.org/2000/svg" viewBox={"0 0 " (WIDTH) " " (HEIGHT)}
                    width=(WIDTH) height=(HEIGHT) role="img" {
                    title { (self.title) ": " (summary) }
                    line.axis x1=(LEFT) y1=(BOTTOM) x2=(RIGHT) y2=(BOTTOM) {}
                    line.axis x1=(LEFT) y1=(TOP) x2=(LEFT) y2=(BOTTOM) {}
                    text.tick x=(LEFT - 5.0) y=(BOTTOM + 4.0) text-anchor="end" { "0" }
                    @if max > 0 {
                        text.tick x=(LEFT - 5.0) y=(TOP + 4.0) text-anchor="end" { (max) }
                    } @else {
                        text.none x=(round((LEFT + RIGHT) / 2.0)) y=(round((TOP + BOTTOM) / 2.0)) text-anchor="middle" { "none found" }
                    }
                    @for (i, bar) in self.bars.iter().enumerate() {
                        @let x = LEFT + slot * i as f64 + (slot - bar_width) / 2.0;
                        @let h = height(bar.count);
                        @let middle = x + bar_width / 2.0;
                        rect.bar x=(round(x)) y=(round(BOTTOM - h)) width=(round(bar_width)) height=(round(h)) {}
                        text.count x=(round(middle)) y=(round(BOTTOM - h - 4.0)) text-anchor="middle" { (bar.count) }
                        text.tick x=(round(middle)) y=(BOTTOM + 14.0) text-anchor="middle" { (bar.label) }
                    }
                    text.label x=(round((LEFT + RIGHT) / 2.0)) y=(BOTTOM + 34.0) text-anchor="middle" { (self.x_label) }
                    text.label x="0" y="0" text-anchor="middle"
                        transform={"translate(12 " (round((TOP + BOTTOM) / 2.0)) ") rotate(-90)"} { (self.y_label) }
                }
            }
        }
    }
}

/// Rounds a coordinate to a tenth, so the page is short and the same everywhere.
fn round(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Counts `values` in `bins` bins of equal width over [0, 1] (1 falls in the last), labelled
/// by their lower bounds.
fn histogram(values: impl Iterator<Item = f64>, bins: usize) -> Vec<Bar> {
    let mut counts = vec![0; bins];
    for v in values {
        let bin = (v.clamp(0.0, 1.0) * bins as f64) as usize;
        counts[bin.min(bins - 1)] += 1;
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(i, c)| Bar::new(format!("{:.1}", i as f64 / bins as f64), c))
        .collect()
}

/// The charts of a scan: cluster sizes, the Jaccard and kinds of copy pairs, and, when spin
/// detection ran, the documents' spin scores.
pub fn charts(ctx: &ReportContext<'_>) -> Vec<Chart> {
    let r = ctx.result;
    // cluster sizes: 2 to 5 one by one, then ranges; bins past the largest cluster dropped
    let ranges: [(usize, usize, &str); 7] = [
        (2, 2, "2"),
        (3, 3, "3"),
        (4, 4, "4"),
        (5, 5, "5"),
        (6, 9, "6–9"),
        (10, 19, "10–19"),
        (20, usize::MAX, "20+"),
    ];
    let largest = r
        .clusters
        .iter()
        .map(|c| c.members.len())
        .max()
        .unwrap_or(0);
    let sizes = ranges
        .iter()
        .filter(|&&(from, _, _)| from <= largest.max(5))
        .map(|&(from, to, label)| {
            let n = r
                .clusters
                .iter()
                .filter(|c| (from..=to).contains(&c.members.len()))
                .count();
            Bar::new(label, n)
        })
        .collect();
    let kinds = [
        CopyKind::Exact,
        CopyKind::Near,
        CopyKind::Contained,
        CopyKind::Spun,
    ]
    .iter()
    .map(|&k| {
        let n = r.duplicates.iter().filter(|d| d.kind == k).count();
        Bar::new(k.as_str(), n)
    })
    .collect();
    let mut charts = vec![
        Chart {
            title: "Cluster sizes",
            x_label: "documents in the cluster",
            y_label: "clusters",
            bars: sizes,
        },
        Chart {
            title: "Copy pairs by shingle Jaccard",
            x_label: "5-word shingle Jaccard (bin from)",
            y_label: "pairs",
            bars: histogram(r.duplicates.iter().map(|d| d.jaccard), 10),
        },
        Chart {
            title: "Copy pairs by kind",
            x_label: "kind of copy",
            y_label: "pairs",
            bars: kinds,
        },
    ];
    if ctx.spin_checked {
        charts.push(Chart {
            title: "Documents by spin score",
            x_label: "spin score (bin from)",
            y_label: "documents",
            bars: histogram(r.spin.iter().map(|s| s.score), 10),
        });
    }
    charts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_bins_by_lower_bound_and_puts_one_in_the_last_bin() {
        let bars = histogram([0.0, 0.05, 0.1, 0.55, 0.99, 1.0].into_iter(), 10);
        let counts: Vec<usize> = bars.iter().map(|b| b.count).collect();
        assert_eq!(counts, [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
        assert_eq!(bars[5].label, "0.5");
    }

    #[test]
    fn a_chart_has_its_title_axes_and_the_count_over_every_bar() {
        let chart = Chart {
            title: "Things & more",
            x_label: "size",
            y_label: "things",
            bars: vec![Bar::new("a", 3), Bar::new("b", 0), Bar::new("c", 6)],
        };
        let svg = chart.render().into_string();
        assert!(
            svg.contains(
                "<figcaption>Things &amp; more <span class=\"meta\">(9 in all)</span></figcaption>"
            ),
            "{svg}"
        );
        assert!(svg.contains("<title>Things &amp; more: a: 3, b: 0, c: 6</title>"));
        assert!(svg.contains(">size</text>") && svg.contains(">things</text>"));
        assert_eq!(svg.matches("<text class=\"count\"").count(), 3);
        for count in ["3", "0", "6"] {
            assert!(svg.contains(&format!("text-anchor=\"middle\">{count}</text>")));
        }
        // the tallest bar fills the plot, the empty one has no height
        assert!(svg.contains(&format!("height=\"{}\"", BOTTOM - TOP)));
        assert!(svg.contains("height=\"0\""));
        assert!(!svg.contains("NaN"));
        assert!(!svg.contains("none found"));
        let empty = Chart {
            bars: vec![Bar::new("a", 0)],
            ..chart
        };
        assert!(empty.render().into_string().contains(">none found</text>"));
    }
}
