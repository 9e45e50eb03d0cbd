//! `export ics|csv|json --campaign ID [--records tasks|metrics] [--to FILE]`: core's export
//! functions (the same files as the dashboard's downloads), to standard output or a file
//! (written beside it and renamed over it, so a reader never sees half a file).

use std::io::Write;

use campaign_ops_core::service::ExportFormat;
use campaign_ops_core::{CampaignId, Error};

use crate::cli::{ExportArgs, ExportKind, ExportRecords};
use crate::failure::Failure;
use crate::open::{Backend, Missing};

/// Runs the export.
pub fn run(args: &ExportArgs) -> Result<(), Failure> {
    if let (ExportKind::Ics, Some(_)) = (args.kind, args.records) {
        return Err(Failure::Usage {
            arg: "--records",
            message: "an ics export is the campaign's calendar; --records picks what a csv or json export holds".to_owned(),
            hint: "drop --records, or export csv or json".to_owned(),
        });
    }
    let ops = Backend::open(&args.db, Missing::Refuse)?.service();
    let id = CampaignId(args.campaign);
    let records = args.records.unwrap_or(ExportRecords::Tasks);
    let format = match args.kind {
        ExportKind::Csv => ExportFormat::Csv,
        _ => ExportFormat::Json,
    };
    let made = match (args.kind, records) {
        (ExportKind::Ics, _) => ops.export_ics(id),
        (_, ExportRecords::Tasks) => ops.export_tasks(id, format),
        (_, ExportRecords::Metrics) => ops.export_metrics(id, format),
    };
    let text = made.map_err(|source| match source {
        Error::NotFound { .. } => Failure::Refused {
            what: "--campaign",
            source,
        },
        source => Failure::Store {
            what: "export",
            source,
        },
    })?;
    match &args.to {
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|source| Failure::Output {
                    path: "standard output".into(),
                    source,
                })?;
        }
        Some(to) => {
            let mut name = to.file_name().unwrap_or_default().to_owned();
            name.push(".partial");
            let partial = to.with_file_name(name);
            let output = |source| Failure::Output {
                path: to.clone(),
                source,
            };
            std::fs::write(&partial, &text).map_err(output)?;
            std::fs::rename(&partial, to).map_err(|e| {
                let _ = std::fs::remove_file(&partial);
                output(e)
            })?;
            println!(
                "exported campaign {} ({} bytes) to {}",
                args.campaign,
                text.len(),
                to.display()
            );
        }
    }
    Ok(())
}
