//! `coforum-loadbench`: the HTTP load benchmark. `bench/run` builds it and
//! `coforum` in release mode and runs it; see docs/benchmarks.md.

use anyhow::{Context as _, bail};
use clap::Parser as _;
use coforum_bench::load::results::Results;
use coforum_bench::load::{Options, report, run};

fn main() -> anyhow::Result<()> {
    let options = Options::parse();
    let previous = options.compare.as_deref().map(Results::read).transpose()?;
    let results = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(options.driver_threads.max(1))
        .enable_all()
        .build()
        .context("starting the driver's runtime")?
        .block_on(run(&options))?;
    print!("{}", report::render(&results, previous.as_ref()));
    if let Some(out) = &options.out {
        results.write(out)?;
        println!("\nResults written to {}.", out.display());
    }
    let faults: u64 = results.runs.iter().map(|run| run.faults()).sum();
    if faults > 0 {
        bail!("{faults} failed requests or miscounted ballots: see ERRORS above");
    }
    Ok(())
}
