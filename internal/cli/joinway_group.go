package cli

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"wecomdev/internal/joinway"
	"wecomdev/internal/wecom"
)

var joinScenes = map[int]string{1: "invited", 2: "invite-link", 3: "qr-code"}

func toGroupJSON(g wecom.GroupChat) groupJSON {
	out := groupJSON{ChatID: g.ChatID, Name: g.Name, Owner: g.Owner, Notice: g.Notice, Members: []memberJSON{}, Admins: []string{}}
	if g.CreateTime > 0 {
		out.CreatedAt = time.Unix(g.CreateTime, 0)
	}
	for _, m := range g.Members {
		mj := memberJSON{UserID: m.UserID, Type: "member", Name: m.Name, GroupNickname: m.GroupNickname, State: m.State, UnionID: m.UnionID}
		if m.Type == 2 {
			mj.Type = "customer"
		}
		if m.JoinTime > 0 {
			mj.JoinedAt = time.Unix(m.JoinTime, 0)
		}
		if s, ok := joinScenes[m.JoinScene]; ok {
			mj.JoinScene = s
		} else if m.JoinScene != 0 {
			mj.JoinScene = strconv.Itoa(m.JoinScene)
		}
		if m.Invitor != nil {
			mj.Invitor = m.Invitor.UserID
		}
		out.Members = append(out.Members, mj)
	}
	for _, a := range g.Admins {
		out.Admins = append(out.Admins, a.UserID)
	}
	return out
}

func runJWGroup(env Env, args []string) int {
	const cmd = "joinway group"
	return jwSpec{cmd: cmd, usage: jwGroupUsage, arg: true, json: true, wrong: "give the profile NAME and the CHAT_ID", check: joinway.CheckChatID}.run(env, args, func(ctx context.Context, j *joinway.Service, l jwLine) int {
		profile := l.profile
		g, err := j.Group(ctx, l.arg)
		if err != nil {
			return jwFail(env, cmd, profile, err)
		}
		out := toGroupJSON(g)
		if l.asJSON {
			return writeJSON(env, out)
		}
		w := env.Stdout
		fmt.Fprintf(w, "%s (%s), owner %s, created %s, %d member(s)\n", out.Name, out.ChatID, out.Owner, timeCell(out.CreatedAt), len(out.Members))
		if out.Notice != "" {
			fmt.Fprintf(w, "notice: %s\n", out.Notice)
		}
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tUSERID\tTYPE\tJOINED\tHOW\tSTATE")
		for _, m := range out.Members {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", dash(m.Name), m.UserID, m.Type, timeCell(m.JoinedAt), dash(m.JoinScene), dash(m.State))
		}
		tw.Flush()
		return ExitOK
	})
}
