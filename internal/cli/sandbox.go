package cli

import (
	"context"
	"fmt"

	"wecomdev/internal/workspace"
)

const sandboxUsage = "wecomdev sandbox reset   (start the built-in sandbox WeCom over from its seed)"

// runSandbox is `wecomdev sandbox reset`. The sandbox WeCom keeps its state (tokens,
// tickets, join ways, groups, remarks) in the data directory, shared by every process;
// reset wipes it and the console's records of it (workspace.ResetSandbox says which).
func runSandbox(env Env, args []string) int {
	if len(args) > 0 && isHelpArg(args[0]) {
		return showHelp(env, "sandbox", sandboxUsage)
	}
	if len(args) == 0 {
		return usageError(env, "sandbox", sandboxUsage, "say reset")
	}
	if args[0] != "reset" {
		return usageError(env, "sandbox", sandboxUsage, "unknown subcommand %q", args[0])
	}
	fs := newFlags(env, "sandbox reset", sandboxUsage)
	pos, err := parse(fs, args[1:])
	if err != nil {
		return exitOf(err)
	}
	if len(pos) > 0 {
		return usageError(env, "sandbox reset", sandboxUsage, "unexpected argument %q", pos[0])
	}
	return withWorkspace(env, "sandbox reset", func(ctx context.Context, e *workspace.Workspace) int {
		if err := e.ResetSandbox(ctx); err != nil {
			return fail(env, "sandbox reset", err)
		}
		fmt.Fprintln(env.Stdout, "The sandbox WeCom starts over from its seed: new secret, no token, ticket or join way; the seed's groups and customers.")
		fmt.Fprintln(env.Stdout, "The sandbox profile's join-way registry, group pool and order mapping were cleared too.")
		return ExitOK
	})
}
