//! The SVG charts as markup: accessible (role, title, desc), every value in words, gaps
//! for missing data, text escaped.

use campaign_ops_web::api::campaign::charts::{Series, bar_chart, escape, line_chart, percent};

fn labels(n: usize) -> Vec<String> {
    (1..=n).map(|w| format!("W{w:02}")).collect()
}

#[test]
fn the_bar_chart_has_a_bar_per_week_with_data_and_says_every_value() {
    let svg = bar_chart(
        "c",
        "Task completion per week",
        &labels(3),
        &[Some(0.5), None, Some(1.0)],
    );
    assert!(svg.starts_with("<svg "), "{svg}");
    assert!(svg.ends_with("</svg>"));
    assert!(svg.contains(r#"role="img""#));
    assert!(svg.contains(r#"aria-labelledby="c-title c-desc""#));
    assert!(svg.contains(r#"<title id="c-title">Task completion per week</title>"#));
    assert!(
        svg.contains(r#"<desc id="c-desc">W01: 50 %; W02: no tasks; W03: 100 %.</desc>"#),
        "{svg}"
    );
    assert_eq!(
        svg.matches(r#"<rect class="bar""#).count(),
        2,
        "no bar without data"
    );
    assert!(svg.contains("<title>W03: 100 %</title>"));
    // The 100 % bar reaches the top of the plot, the 50 % one half way.
    assert!(svg.contains(r#"y="12.0" width="#), "{svg}");
    assert!(svg.contains(">50 %</text>"), "axis labels as text");
}

#[test]
fn the_line_chart_breaks_at_gaps_and_scales_to_small_rates() {
    let series = [
        Series {
            name: "LinkedIn".into(),
            class: "p-linkedin".into(),
            values: vec![Some(0.02), Some(0.03), None, Some(0.01)],
        },
        Series {
            name: "X <Twitter>".into(),
            class: "p-x".into(),
            values: vec![None, None, None, None],
        },
    ];
    let svg = line_chart("e", "Engagement rate", &labels(4), &series);
    assert_eq!(svg.matches("<polyline").count(), 1, "{svg}");
    assert_eq!(svg.matches(r#"<circle class="dot p-linkedin""#).count(), 3);
    assert!(svg.contains("LinkedIn: W01 2 %, W02 3 %, W04 1 %"), "{svg}");
    assert!(svg.contains("X &lt;Twitter&gt;: no data"));
    assert!(!svg.contains("<Twitter>"), "text is escaped");
    // Rates of a few percent get a 5 % axis, not 100 %.
    assert!(svg.contains(">5 %</text>"), "{svg}");
    assert!(!svg.contains(">100 %</text>"));
}

#[test]
fn percentages_and_escaping_read_well() {
    assert_eq!(percent(0.25), "25 %");
    assert_eq!(percent(0.031), "3.1 %");
    assert_eq!(escape(r#"a&b<"c">'"#), "a&amp;b&lt;&quot;c&quot;&gt;&#39;");
    let empty = bar_chart("z", "t", &[], &[]);
    assert!(empty.contains("No weeks to show."));
}
