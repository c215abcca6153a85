//! `forumpay`: every ForumPay API call as a subcommand, the local sandbox, and a demo checkout.
//!
//! Exit status: 0 on success, 1 when a call or the demo fails, 2 for usage errors (clap's, and
//! missing credentials). The api secret is never printed.

mod args;
mod commands;
mod connect;
mod demo;
mod human;
mod output;
mod serve;

use args::{Cli, Command};
use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let result = match &cli.command {
        Command::Sandbox(a) => {
            let user = typed_here(&matches, "api_user", cli.global.api_user.as_ref());
            let secret = typed_here(&matches, "api_secret", cli.global.api_secret.as_ref());
            serve::run(a, user, secret).await
        }
        Command::Demo(a) => demo::run(a).await,
        endpoint => commands::run(&cli.global, endpoint).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            failure.print(cli.global.json);
            failure.exit_code()
        }
    }
}

/// The value of a global option only when it was typed on the command line: the sandbox must
/// not pick up (and then print) a real secret exported in the environment.
fn typed_here(matches: &ArgMatches, id: &str, value: Option<&String>) -> Option<String> {
    match matches.value_source(id) {
        Some(ValueSource::CommandLine) => value.cloned(),
        _ => None,
    }
}
