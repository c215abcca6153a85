//! Shell completions and the man page, generated from the clap definitions the command itself
//! parses with, so they cannot drift from it.

use crate::args::Cli;
use crate::output::Failure;
use crate::tool_args::{CompletionsArgs, ManArgs};
use clap::CommandFactory;
use std::io::Write;

/// Prints the completion script for the shell asked for.
pub fn completions(args: &CompletionsArgs) -> Result<(), Failure> {
    let mut command = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut command, "forumpay", &mut out);
    out.flush()
        .map_err(|e| Failure::Other(format!("cannot write the script: {e}")))
}

/// Prints `forumpay(1)`, or writes it and a page per subcommand into `--out-dir`.
pub fn man(args: &ManArgs) -> Result<(), Failure> {
    let command = Cli::command();
    let written = match &args.out_dir {
        Some(dir) => clap_mangen::generate_to(command, dir),
        None => {
            let mut out = std::io::stdout().lock();
            clap_mangen::Man::new(command)
                .render(&mut out)
                .and_then(|()| out.flush())
        }
    };
    written.map_err(|e| Failure::Other(format!("cannot write the man page: {e}")))
}
