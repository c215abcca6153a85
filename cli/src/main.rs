//! `forumpay`: every ForumPay API call as a subcommand, the local sandbox, a demo checkout, and
//! the tools of people who run a shop: `watch`, `transactions --all`, `reconcile`,
//! `webhook verify`, shell completions and the man page.
//!
//! Exit status: 0 on success, 1 when a call or the demo fails, 2 for usage errors (clap's, and
//! missing credentials); `watch` adds 3 cancelled, 4 blocked, 5 timed out; 130 after Ctrl-C.
//! The api secret is never printed; the payer page's secrets only with `--show-secrets`.

mod args;
mod commands;
mod connect;
mod demo;
mod export;
mod generate;
mod human;
mod interrupt;
mod live;
mod orders;
mod output;
mod pages;
mod reconcile;
mod rows;
mod serve;
mod tool_args;
mod watch;
mod webhook;

use args::{Cli, Command};
use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches};
use std::process::ExitCode;
use tool_args::WebhookCommand;

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
        Command::Watch(a) => watch::run(&cli.global, a).await,
        Command::Reconcile(a) => reconcile::run(&cli.global, a).await,
        Command::Webhook(WebhookCommand::Verify(a)) => webhook::verify(&cli.global, a).await,
        Command::Completions(a) => generate::completions(a),
        Command::Man(a) => generate::man(a),
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
