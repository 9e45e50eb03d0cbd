//! [`TemplatePlanner`]: the default planner. Deterministic (same request, same plan) and
//! offline: phases, goals, tactics, KPIs, themes and angles come from templates shaped by
//! the campaign's objective, platforms, cadence, client and call to action.

mod kpis;
mod tactics;

use crate::Result;
use crate::model::{Objective, PlanPhase, WeeklyTheme};
use crate::planning::planner::{
    PlanDraft, PlanRequest, Planner, validate_plan_request, week_count,
};
use crate::planning::stage::{self, Stage};
use crate::planning::text::{capitalize, shorten};

use tactics::Brief;

/// The default planner: fills templates, never calls out.
#[derive(Debug, Clone, Copy, Default)]
pub struct TemplatePlanner;

impl TemplatePlanner {
    /// The name stored as a plan's `generated_by`.
    pub const NAME: &'static str = "template";
}

impl Planner for TemplatePlanner {
    fn name(&self) -> &str {
        Self::NAME
    }

    fn plan(&self, request: &PlanRequest<'_>) -> Result<PlanDraft> {
        let focus = validate_plan_request(request)?;
        let campaign = request.campaign;
        let cta = campaign
            .primary_cta
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .unwrap_or_else(|| fallback_cta(campaign.objective).to_owned());
        // Long focus areas are kept whole in the plan's prose but shortened in headlines.
        let short_focus = shorten(&focus, 60);
        let brief = Brief {
            client: campaign.client_name.trim(),
            focus: &focus,
            cta: &cta,
            objective: campaign.objective,
        };

        let mut phases = Vec::new();
        let mut start_day = 0;
        for (stage, days) in stage::split(request.duration_days) {
            phases.push(PlanPhase {
                name: stage.phase_name().to_owned(),
                start_day,
                days,
                goals: tactics::goals(stage, &brief),
                tactics: campaign
                    .platforms
                    .iter()
                    .map(|&p| {
                        let per_week = campaign.cadence.get(&p).copied().unwrap_or(0);
                        tactics::tactic(p, stage, per_week, &brief)
                    })
                    .collect(),
                kpis: kpis::phase_kpis(campaign, stage, days),
            });
            start_day += days;
        }

        let brief = Brief {
            focus: &short_focus,
            ..brief
        };
        Ok(PlanDraft {
            positioning: positioning(&brief, &focus),
            messaging_angles: angles(&brief, campaign.primary_cta.is_some()),
            weekly_themes: weekly_themes(request.duration_days, &phases, &brief),
            phases,
        })
    }
}

/// The call to action used when the campaign has none.
fn fallback_cta(objective: Objective) -> &'static str {
    match objective {
        Objective::Awareness => "Follow us for more",
        Objective::Engagement => "Join the conversation",
        Objective::LeadGeneration => "Book a free consultation",
        Objective::Conversion => "Get started today",
        Objective::Retention => "Explore what's new",
    }
}

fn positioning(b: &Brief<'_>, focus: &str) -> String {
    let (client, cta) = (b.client, b.cta);
    match b.objective {
        Objective::Awareness => format!(
            "For anyone looking into {focus}, {client} is the clearest and most practical voice \
             in the room: a sharp point of view, real examples and no jargon."
        ),
        Objective::Engagement => format!(
            "{client} turns {focus} into a conversation worth joining: useful ideas, honest \
             answers and a community that learns from each other."
        ),
        Objective::LeadGeneration => format!(
            "{client} is the expert partner for {focus}: useful enough to learn from for free, \
             proven enough to call when it matters. Next step: {cta}."
        ),
        Objective::Conversion => format!(
            "{client} is the fastest way to real results with {focus}: proven by customers, \
             easy to start, clear on price. Next step: {cta}."
        ),
        Objective::Retention => format!(
            "{client} gets more valuable the longer you use it: new ideas for {focus}, quick \
             wins and a team that listens."
        ),
    }
}

/// Three shared angles, one shaped by the objective, and one for the CTA when the campaign
/// has its own.
fn angles(b: &Brief<'_>, own_cta: bool) -> Vec<String> {
    let (client, focus, cta) = (b.client, b.focus, b.cta);
    let mut angles = vec![
        format!("The real cost of getting {focus} wrong, and the simple fix"),
        format!("Proof, not promises: how {client} customers succeed with {focus}"),
        format!(
            "{}: a practical playbook you can use this week",
            capitalize(focus)
        ),
        match b.objective {
            Objective::Awareness => format!("Why {focus} matters more this year than last"),
            Objective::Engagement => format!("Your take: the community's best ideas on {focus}"),
            Objective::LeadGeneration => {
                format!("A free resource that makes {focus} easier")
            }
            Objective::Conversion => {
                format!("Everything you need to start with {focus}, today")
            }
            Objective::Retention => format!("Getting more from {client}: advanced tips on {focus}"),
        },
    ];
    if own_cta {
        angles.push(format!("The easy next step: {cta}"));
    }
    angles
}

/// One theme per started week, from the stage most of that week falls in; themes rotate
/// within a stage so that consecutive weeks differ. "Last call" is kept for the final week
/// of a conversion phase: said every third week it would stop meaning anything.
fn weekly_themes(duration_days: u32, phases: &[PlanPhase], b: &Brief<'_>) -> Vec<WeeklyTheme> {
    let (client, focus, cta) = (b.client, b.focus, b.cta);
    let weeks = week_count(duration_days);
    let phase_of = |week: u32| {
        let mid = ((week - 1) * 7 + 3).min(duration_days - 1);
        phases.iter().rposition(|p| p.start_day <= mid).unwrap_or(0)
    };
    let mut seen_in_phase: Vec<(usize, usize)> = Vec::new();
    (1..=weeks)
        .map(|week| {
            let index = phase_of(week);
            let last_of_phase = week == weeks || phase_of(week + 1) != index;
            let phase = &phases[index];
            let stage = Stage::from_phase_name(&phase.name).unwrap_or(Stage::Awareness);
            let nth = match seen_in_phase.iter_mut().find(|(i, _)| *i == index) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    seen_in_phase.push((index, 0));
                    0
                }
            };
            let options = match stage {
                Stage::Conversion if last_of_phase && nth > 0 => vec![format!("Last call — {cta}")],
                Stage::Launch => vec![
                    format!("Meet {client} and a fresh take on {focus}"),
                    format!("Your questions on {focus}, answered"),
                    format!("Behind the scenes of {focus}"),
                ],
                Stage::Awareness => vec![
                    format!("Why {focus} matters now"),
                    format!("Myths and facts about {focus}"),
                    format!("The {client} point of view on {focus}"),
                    format!("{} by the numbers", capitalize(focus)),
                ],
                Stage::Engagement => vec![
                    format!("Ask us anything about {focus}"),
                    format!("Community stories of {focus} in practice"),
                    format!("How {client} approaches {focus}, step by step"),
                    format!("Hands-on tips for {focus}"),
                ],
                Stage::Conversion => vec![
                    format!("Proof from real customers on {focus}"),
                    format!("Getting started with {focus} ({cta})"),
                    format!("Questions to ask before you choose a partner for {focus}"),
                ],
                Stage::Retention => vec![
                    format!("Getting more from {focus}"),
                    format!("Customer spotlight on {focus} wins"),
                    format!("Lessons learned and what's next for {focus}"),
                ],
            };
            WeeklyTheme {
                week,
                theme: format!("{}: {}", phase.name, options[nth % options.len()]),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
