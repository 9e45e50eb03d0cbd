//! Small SVG charts drawn on the server (no JS chart library): [`bar_chart`] for the
//! completion rate per week and [`line_chart`] for the engagement rate per platform over
//! the weeks. Each is a self-contained `<svg role="img">` with a `<title>` and a `<desc>`
//! that says in words what it shows (screen readers read those, not the shapes), every
//! value also in a `<title>` of its mark, and the axis labels as text.
//!
//! Values are fractions (0.25 is 25 %); `None` is "no data" (no bar, a gap in the line),
//! never drawn as zero.

use std::fmt::Write;

/// Width of a chart, in SVG user units (it scales to its box).
pub const WIDTH: f64 = 560.0;
/// Height of a chart.
pub const HEIGHT: f64 = 220.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 40.0;

/// One line of a [`line_chart`]: a name, a CSS class (its colour) and one value per label.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Shown in the legend and the marks' titles, e.g. `LinkedIn`.
    pub name: String,
    /// CSS class of the line, e.g. `p-linkedin`.
    pub class: String,
    /// One value per label, `None` where there is no data.
    pub values: Vec<Option<f64>>,
}

/// Escapes text for SVG/XML content and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A fraction as a percentage for people: `25 %`, `3.1 %`.
pub fn percent(value: f64) -> String {
    let p = value * 100.0;
    if (p - p.round()).abs() < 0.05 {
        format!("{p:.0} %")
    } else {
        format!("{p:.1} %")
    }
}

/// The top of the value axis: the smallest of 1 %, 2 %, 5 %, 10 %, 20 %, 50 %, 100 % at
/// or above every value (engagement rates are small: a 0–100 % axis would flatten them).
fn axis_max(values: impl Iterator<Item = f64>) -> f64 {
    let max = values.fold(0.0_f64, f64::max);
    [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0]
        .into_iter()
        .find(|&m| max <= m)
        .unwrap_or(max)
}

fn frame(out: &mut String, id: &str, title: &str, desc: &str) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{id}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(title),
        escape(desc)
    );
}

fn y_of(value: f64, max: f64) -> f64 {
    let plot = HEIGHT - TOP - BOTTOM;
    TOP + plot * (1.0 - (value / max).clamp(0.0, 1.0))
}

fn axes(out: &mut String, max: f64, labels: &[String], x_of: impl Fn(usize) -> f64) {
    for step in 0..=4 {
        let v = max * f64::from(step) / 4.0;
        let y = y_of(v, max);
        let _ = write!(
            out,
            r#"<line class="grid" x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}"/><text class="axis" x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
            WIDTH - RIGHT,
            LEFT - 4.0,
            y + 4.0,
            escape(&percent(v))
        );
    }
    // At most ~10 week labels, so they never overlap.
    let every = labels.len().div_ceil(10).max(1);
    for (i, label) in labels.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let _ = write!(
            out,
            r#"<text class="axis" x="{:.1}" y="{}" text-anchor="middle">{}</text>"#,
            x_of(i),
            HEIGHT - BOTTOM + 16.0,
            escape(label)
        );
    }
}

/// A bar per label: `values[i]` of `labels[i]`, a fraction of 0 to 1. `desc` is filled in
/// with the values in words.
pub fn bar_chart(id: &str, title: &str, labels: &[String], values: &[Option<f64>]) -> String {
    let words: Vec<String> = labels
        .iter()
        .zip(values)
        .map(|(l, v)| format!("{l}: {}", v.map_or("no tasks".to_owned(), percent)))
        .collect();
    let desc = if words.is_empty() {
        "No weeks to show.".to_owned()
    } else {
        format!("{}.", words.join("; "))
    };
    let mut out = String::new();
    frame(&mut out, id, title, &desc);
    let n = labels.len().max(1) as f64;
    let band = (WIDTH - LEFT - RIGHT) / n;
    let x_of = |i: usize| LEFT + band * (i as f64 + 0.5);
    axes(&mut out, 1.0, labels, x_of);
    for (i, (label, value)) in labels.iter().zip(values).enumerate() {
        let Some(v) = value else { continue };
        let y = y_of(*v, 1.0);
        let w = (band * 0.6).max(1.0);
        let _ = write!(
            out,
            r#"<rect class="bar" x="{:.1}" y="{y:.1}" width="{w:.1}" height="{:.1}"><title>{}: {}</title></rect>"#,
            x_of(i) - w / 2.0,
            y_of(0.0, 1.0) - y,
            escape(label),
            percent(*v)
        );
    }
    out.push_str("</svg>");
    out
}

/// A line per series over `labels`, with a legend; the value axis fits the largest value.
pub fn line_chart(id: &str, title: &str, labels: &[String], series: &[Series]) -> String {
    let words: Vec<String> = series
        .iter()
        .map(|s| {
            let points: Vec<String> = labels
                .iter()
                .zip(&s.values)
                .filter_map(|(l, v)| v.map(|v| format!("{l} {}", percent(v))))
                .collect();
            if points.is_empty() {
                format!("{}: no data", s.name)
            } else {
                format!("{}: {}", s.name, points.join(", "))
            }
        })
        .collect();
    let desc = if words.is_empty() {
        "No platforms to show.".to_owned()
    } else {
        format!("{}.", words.join("; "))
    };
    let mut out = String::new();
    frame(&mut out, id, title, &desc);
    let max = axis_max(
        series
            .iter()
            .flat_map(|s| s.values.iter().flatten().copied()),
    );
    let max = if max > 0.0 { max } else { 0.01 };
    let n = labels.len().max(1) as f64;
    let band = (WIDTH - LEFT - RIGHT) / n;
    let x_of = |i: usize| LEFT + band * (i as f64 + 0.5);
    axes(&mut out, max, labels, x_of);
    for (k, s) in series.iter().enumerate() {
        let class = escape(&s.class);
        // A gap (no data) ends a segment: the line never pretends a week had 0 %.
        let mut segment: Vec<String> = vec![];
        let flush = |segment: &mut Vec<String>, out: &mut String| {
            if segment.len() > 1 {
                let _ = write!(
                    out,
                    r#"<polyline class="line {class}" fill="none" points="{}"/>"#,
                    segment.join(" ")
                );
            }
            segment.clear();
        };
        for (i, v) in s.values.iter().enumerate() {
            match v {
                Some(v) => {
                    let (x, y) = (x_of(i), y_of(*v, max));
                    segment.push(format!("{x:.1},{y:.1}"));
                    let _ = write!(
                        out,
                        r#"<circle class="dot {class}" cx="{x:.1}" cy="{y:.1}" r="3"><title>{} {}: {}</title></circle>"#,
                        escape(&s.name),
                        escape(labels.get(i).map_or("", String::as_str)),
                        percent(*v)
                    );
                }
                None => flush(&mut segment, &mut out),
            }
        }
        flush(&mut segment, &mut out);
        let lx = LEFT + 110.0 * k as f64;
        let ly = HEIGHT - 8.0;
        let _ = write!(
            out,
            r#"<rect class="key {class}" x="{lx:.1}" y="{:.1}" width="10" height="10"/><text class="legend" x="{:.1}" y="{ly:.1}">{}</text>"#,
            ly - 9.0,
            lx + 14.0,
            escape(&s.name)
        );
    }
    out.push_str("</svg>");
    out
}
