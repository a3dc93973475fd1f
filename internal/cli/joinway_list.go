package cli

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"wecomdev/internal/joinway"
)

func runJWList(env Env, args []string) int {
	const cmd = "joinway list"
	return jwSpec{cmd: cmd, usage: jwListUsage, json: true, wrong: "give exactly one profile NAME"}.run(env, args, func(ctx context.Context, j *joinway.Service, l jwLine) int {
		profile := l.profile
		list, err := j.List(ctx)
		if err != nil {
			return jwFail(env, cmd, profile, err)
		}
		if l.asJSON {
			out := make([]entryJSON, 0, len(list))
			for _, e := range list {
				out = append(out, toEntryJSON(e))
			}
			return writeJSON(env, out)
		}
		if len(list) == 0 {
			fmt.Fprintf(env.Stdout, "No join ways in the registry of %s yet; make one with: wecomdev joinway ensure %s --state S --chat-id C\n", profile, profile)
			return ExitOK
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSTATUS\tSTATE\tCONFIG ID\tCHATS\tCREATED\tNOTE")
		for _, e := range list {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", e.ID, e.Status, dash(e.Config.State), dash(e.ConfigID),
				chatsCell(e.Config.ChatIDs), timeCell(e.CreatedAt), entryNote(e))
		}
		tw.Flush()
		return ExitOK
	})
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func timeCell(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(time.DateTime)
}

func chatsCell(ids []string) string {
	switch len(ids) {
	case 0:
		return "-"
	case 1:
		return ids[0]
	}
	return fmt.Sprintf("%s (+%d)", ids[0], len(ids)-1)
}

func entryNote(e joinway.Entry) string {
	switch {
	case len(e.Joins) > 0:
		return joinedNote(e.Joins)
	case e.Status == joinway.StatusPending:
		return fmt.Sprintf("add sent %s, no answer stored: a possible orphan (ensure asks before adding again)", e.IntentAt.Format(time.DateTime))
	case e.Status == joinway.StatusAbandoned:
		return fmt.Sprintf("left behind by --force: the add sent %s may have made an orphan", e.IntentAt.Format(time.DateTime))
	case e.LastError != "":
		return "last error: " + e.LastError
	case e.ImageError != "":
		return "QR image: " + e.ImageError
	}
	return ""
}
