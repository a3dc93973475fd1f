package cli

import (
	"context"
	"fmt"

	"wecomdev/internal/joinway"
	"wecomdev/internal/wecom"
)

func runJWEnsure(env Env, args []string) int {
	const cmd = "joinway ensure"
	fs := newFlags(env, cmd, jwEnsureUsage)
	state := fs.String("state", "", "the state: the customer or order the join way is for (at most 30 characters)")
	cf := addConfigFlags(fs.FlagSet)
	force := fs.Bool("force", false, "make a new join way even if an earlier add for the state may have made one (a possible orphan)")
	qrOut := fs.String("qr-out", "", "also write the code as a PNG, its state under it, to `FILE`")
	overwrite := fs.Bool("overwrite", false, "replace the --qr-out FILE if it exists")
	asJSON := fs.Bool("json", false, "print as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return exitOf(err)
	}
	if len(pos) != 1 {
		return usageError(env, cmd, jwEnsureUsage, "give exactly one profile NAME")
	}
	if *state == "" {
		return usageError(env, cmd, jwEnsureUsage, "--state is required: ensure finds the join way by its state (the customer or order)")
	}
	c := cf.config(*state)
	if _, err := joinway.Validate(c); err != nil {
		return usageError(env, cmd, jwEnsureUsage, "%v", err)
	}
	if *qrOut == "" && *overwrite {
		return usageError(env, cmd, jwEnsureUsage, "--overwrite goes with --qr-out FILE.png")
	}
	if *qrOut != "" {
		if c.Scene != wecom.SceneQRCode {
			return usageError(env, cmd, jwEnsureUsage, "--qr-out needs --scene 2: scene 1 (the mini-program plugin) has no QR code")
		}
		if err := checkOut(*qrOut, *overwrite); err != nil {
			return fail(env, cmd, err)
		}
	}
	profile := pos[0]
	return runJoinWays(env, cmd, profile, func(ctx context.Context, j *joinway.Service) int {
		res, err := j.Ensure(ctx, c, *force)
		if err != nil {
			return jwFail(env, cmd, profile, err)
		}
		printWarnings(env, res.Warnings)
		e := res.Entry
		var fileErr error
		if *qrOut != "" {
			png, err := j.CodePNG(ctx, e.ID)
			if err == nil {
				err = writeFileAtomic(*qrOut, png, *overwrite)
			}
			fileErr = err
		}
		if *asJSON {
			warn := res.Warnings
			if warn == nil {
				warn = []joinway.Warning{}
			}
			if code := writeJSON(env, ensureJSON{ConfigID: e.ConfigID, QRCode: e.QRURL, Reused: res.Reused, State: e.Config.State,
				JoinLink: e.JoinLink, Warnings: warn}); code != ExitOK {
				return code
			}
		} else {
			how := "made now"
			if res.Reused {
				how = "reused from the registry"
			}
			printCode(env, e, how)
			if *qrOut != "" && fileErr == nil {
				fmt.Fprintf(env.Stdout, "Wrote %s.\n", *qrOut)
			}
		}
		if fileErr != nil {
			return fail(env, cmd, fmt.Errorf("the join way is ready (config %s) but its PNG was not written: %w", e.ConfigID, fileErr))
		}
		return ExitOK
	})
}
