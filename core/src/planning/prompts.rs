//! The prompts a language-model planner would send, the JSON schema its answer must follow,
//! and the parser that turns an answer into a checked [`PlanDraft`]. No network code: a
//! host that has a model sends [`SYSTEM_PROMPT`] and [`user_prompt`], then hands the answer
//! to [`parse_plan_answer`].

use serde_json::{Value, json};

use crate::model::Platform;
use crate::planning::planner::{
    MAX_ANGLES, MIN_ANGLES, PlanDraft, PlanRequest, check_plan_shape, validate_plan_draft,
    week_count,
};
use crate::planning::text::shorten;
use crate::platform::sop;
use crate::{Error, Result};

/// The system prompt: the role, the quality bar and the output contract.
pub const SYSTEM_PROMPT: &str = "\
You are a senior B2B and B2C marketing strategist who plans organic social media and email \
campaigns that an operations team executes by hand. You write concrete, platform-specific \
plans: real tactics an operator can follow (formats, hooks, hashtag and link rules, reply \
times), KPIs with realistic numeric targets and units (e.g. LinkedIn engagement rate 2.5 %, \
email open rate 35 %, email click rate 2.5 %, leads as a count), and weekly themes that build \
on each other. You never invent results, customers or numbers about the client. \
You answer with one JSON object and nothing else: no prose, no Markdown, no code fences. \
The object must follow the JSON schema given by the user exactly.";

/// The serde key of a platform as it appears in JSON (`linked_in`, `instagram`, `x`,
/// `email`).
fn platform_key(p: Platform) -> String {
    serde_json::to_value(p)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| p.key().to_owned())
}

/// The JSON schema (draft 2020-12) of a [`PlanDraft`], as pretty-printed text.
pub fn plan_draft_schema() -> String {
    let platforms: Vec<String> = Platform::ALL.into_iter().map(platform_key).collect();
    let text = json!({"type": "string", "minLength": 1});
    let schema: Value = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "PlanDraft",
        "type": "object",
        "required": ["positioning", "messaging_angles", "phases", "weekly_themes"],
        "properties": {
            "positioning": {"type": "string", "minLength": 1, "maxLength": 1000},
            "messaging_angles": {
                "type": "array", "items": text,
                "minItems": MIN_ANGLES, "maxItems": MAX_ANGLES
            },
            "phases": {
                "type": "array",
                "minItems": 1,
                "description": "Consecutive: the first starts at day 0, each next one at the previous start_day + days; days sum to the plan duration.",
                "items": {
                    "type": "object",
                    "required": ["name", "start_day", "days", "goals", "tactics", "kpis"],
                    "properties": {
                        "name": text,
                        "start_day": {"type": "integer", "minimum": 0},
                        "days": {"type": "integer", "minimum": 1},
                        "goals": {"type": "array", "items": text, "minItems": 1},
                        "tactics": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["platform", "tactic"],
                                "properties": {
                                    "platform": {"enum": platforms},
                                    "tactic": text
                                }
                            }
                        },
                        "kpis": {
                            "type": "array",
                            "minItems": 1,
                            "items": {
                                "type": "object",
                                "required": ["name", "target", "unit", "platform"],
                                "properties": {
                                    "name": text,
                                    "target": {"type": "number", "minimum": 0},
                                    "unit": text,
                                    "platform": {
                                        "description": "null for a campaign-wide KPI",
                                        "enum": platforms.iter().map(|p| Value::from(p.as_str()))
                                            .chain([Value::Null]).collect::<Vec<_>>()
                                    }
                                }
                            }
                        }
                    }
                }
            },
            "weekly_themes": {
                "type": "array",
                "description": "One per started week of the plan, week numbered from 1.",
                "items": {
                    "type": "object",
                    "required": ["week", "theme"],
                    "properties": {
                        "week": {"type": "integer", "minimum": 1},
                        "theme": text
                    }
                }
            }
        }
    });
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

/// The user prompt for `request`: the campaign facts, the plan's constraints and the schema.
pub fn user_prompt(request: &PlanRequest<'_>) -> String {
    let c = request.campaign;
    let mut platforms = String::new();
    for &p in &c.platforms {
        let per_week = c.cadence.get(&p).copied().unwrap_or(0);
        let windows: Vec<String> = sop(p)
            .windows
            .iter()
            .map(|w| {
                if w.start == w.end {
                    format!("{} {}", w.weekday, w.start.format("%H:%M"))
                } else {
                    format!(
                        "{} {}–{}",
                        w.weekday,
                        w.start.format("%H:%M"),
                        w.end.format("%H:%M")
                    )
                }
            })
            .collect();
        platforms.push_str(&format!(
            "- {} (JSON key \"{}\"): {per_week} posts per week; posting windows (local): {}\n",
            p.label(),
            platform_key(p),
            windows.join(", ")
        ));
    }
    let cta = c
        .primary_cta
        .as_deref()
        .unwrap_or("none given; propose one");
    let end = c
        .end_date
        .map_or_else(|| "open-ended".to_owned(), |d| d.to_string());
    let days = request.duration_days;
    format!(
        "Plan the next {days} days of this campaign.\n\n\
         Campaign: {name}\n\
         Client: {client}\n\
         Objective: {objective}\n\
         Description: {description}\n\
         Focus area of this plan: {focus}\n\
         Primary call to action: {cta}\n\
         Plan starts: {start} (campaign runs {cstart} to {end}, time zone {tz})\n\
         Platforms (plan tactics and platform KPIs for these only):\n{platforms}\n\
         Rules:\n\
         - Phases follow the funnel (under 21 days: awareness and engagement together, then \
         conversion; 21 to 59 days: awareness, engagement, conversion; 60 days or more: add \
         retention and optimisation). The first phase starts at day 0, each next phase starts \
         where the previous one ends, and the days of all phases sum to exactly {days}.\n\
         - Every phase has goals, one tactic per platform above, and KPIs with numeric targets \
         and units shaped by the objective and scaled to the cadence and phase length.\n\
         - Exactly {weeks} weekly themes, weeks numbered 1 to {weeks}, each building on the \
         phase it falls in.\n\
         - {MIN_ANGLES} to {MAX_ANGLES} messaging angles using the client, the focus area and the \
         call to action.\n\n\
         Answer with one JSON object that follows this JSON schema:\n{schema}\n",
        name = c.name,
        client = c.client_name,
        objective = c.objective,
        description = shorten(&c.description, 500),
        focus = request.focus_area.trim(),
        start = request.start_date,
        cstart = c.start_date,
        tz = c.time_zone,
        weeks = week_count(days),
        schema = plan_draft_schema(),
    )
}

/// Parses a model's answer into a [`PlanDraft`] and checks that it is well formed on its own
/// ([`check_plan_shape`]: contiguous phases from day 0, one theme per week, 3–5 angles,
/// KPIs with targets and units). A Markdown code fence around the JSON is tolerated.
pub fn parse_plan_draft(json: &str) -> Result<PlanDraft> {
    let body = strip_fence(json);
    let draft: PlanDraft = serde_json::from_str(body)
        .map_err(|e| Error::validation("plan", format!("the answer is not a valid plan: {e}")))?;
    check_plan_shape(&draft)?;
    Ok(draft)
}

/// [`parse_plan_draft`], then checks the draft against the request it answers
/// ([`validate_plan_draft`]: phases sum to the duration, campaign platforms only).
pub fn parse_plan_answer(json: &str, request: &PlanRequest<'_>) -> Result<PlanDraft> {
    let draft = parse_plan_draft(json)?;
    validate_plan_draft(&draft, request)?;
    Ok(draft)
}

/// The JSON inside a ```` ```json ... ``` ```` fence, or the trimmed text.
fn strip_fence(text: &str) -> &str {
    let t = text.trim();
    let Some(rest) = t.strip_prefix("```") else {
        return t;
    };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_alphanumeric());
    rest.strip_suffix("```").unwrap_or(rest).trim()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planning::fixtures::{campaign, date};
    use crate::planning::{Planner, TemplatePlanner};
    use chrono_tz::Tz;

    fn req(c: &crate::Campaign) -> PlanRequest<'_> {
        PlanRequest {
            campaign: c,
            focus_area: "self-service analytics",
            duration_days: 30,
            start_date: date(2026, 3, 2),
        }
    }

    fn sample() -> crate::Campaign {
        campaign(
            Tz::UTC,
            &[(Platform::LinkedIn, 3), (Platform::X, 5)],
            date(2026, 3, 2),
            None,
        )
    }

    #[test]
    fn accepts_a_valid_answer_with_or_without_fence() {
        let c = sample();
        let draft = TemplatePlanner.plan(&req(&c)).unwrap();
        let json = serde_json::to_string(&draft).unwrap();
        assert_eq!(parse_plan_draft(&json).unwrap(), draft);
        let fenced = format!("```json\n{json}\n```");
        assert_eq!(parse_plan_answer(&fenced, &req(&c)).unwrap(), draft);
    }

    #[test]
    fn rejects_broken_answers() {
        let c = sample();
        let draft = TemplatePlanner.plan(&req(&c)).unwrap();
        assert!(parse_plan_draft("{\"positioning\": \"x\"").is_err());
        assert!(parse_plan_draft("not json").is_err());

        let mut gap = draft.clone();
        gap.phases[1].start_day += 1;
        let err = parse_plan_draft(&serde_json::to_string(&gap).unwrap()).unwrap_err();
        assert!(matches!(err, Error::Validation { ref field, .. } if field.contains("start_day")));

        let mut short = draft.clone();
        short.phases.last_mut().unwrap().days -= 7;
        short.weekly_themes.pop();
        let json = serde_json::to_string(&short).unwrap();
        assert!(parse_plan_draft(&json).is_ok(), "shape alone is fine");
        let err = parse_plan_answer(&json, &req(&c)).unwrap_err();
        assert!(matches!(err, Error::Validation { ref field, .. } if field == "phases"));

        let mut foreign = draft.clone();
        foreign.phases[0].tactics[0].platform = Platform::Instagram;
        let json = serde_json::to_string(&foreign).unwrap();
        assert!(parse_plan_answer(&json, &req(&c)).is_err());

        let mut nan = draft;
        nan.phases[0].kpis[0].target = -1.0;
        assert!(parse_plan_draft(&serde_json::to_string(&nan).unwrap()).is_err());
    }

    #[test]
    fn prompts_carry_the_facts_and_schema() {
        let c = sample();
        let prompt = user_prompt(&req(&c));
        assert!(prompt.contains("self-service analytics"));
        assert!(prompt.contains("Acme Analytics"));
        assert!(prompt.contains("lead_generation"));
        assert!(prompt.contains("Exactly 5 weekly themes"));
        assert!(prompt.contains("Tue 09:00–12:00"));
        assert!(!prompt.contains("Instagram"));
        let schema: Value = serde_json::from_str(&plan_draft_schema()).unwrap();
        let keys = &schema["properties"]["phases"]["items"]["properties"]["tactics"]["items"]["properties"]
            ["platform"]["enum"];
        // The schema's platform keys are the ones serde accepts.
        for key in keys.as_array().unwrap() {
            let p: Platform = serde_json::from_value(key.clone()).unwrap();
            assert_eq!(platform_key(p), key.as_str().unwrap());
        }
        assert!(SYSTEM_PROMPT.contains("JSON"));
    }
}
