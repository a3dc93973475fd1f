// wecomdev: a developer console for WeCom (企业微信) H5 and JS-SDK work.
//
// With no arguments it opens the desktop app; with arguments it runs a headless
// command (see internal/cli). This is the only file that imports Wails.
package main

import (
	"context"
	"embed"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/logger"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/options/mac"
	"github.com/wailsapp/wails/v2/pkg/options/windows"
	wailsruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"wecomdev/app"
	"wecomdev/internal/buildinfo"
	"wecomdev/internal/cli"
	"wecomdev/internal/locale"
	"wecomdev/internal/paths"
	"wecomdev/internal/settings"
	"wecomdev/internal/tickets"
	"wecomdev/internal/workspace"
)

//go:embed all:frontend/dist
var assets embed.FS

//go:embed build/appicon.png
var icon []byte

// bindingsRun is true when Wails runs this program only to generate the frontend
// bindings (main_bindings.go).
var bindingsRun bool

func main() {
	started := time.Now()
	if !cli.IsGUILaunch(os.Args[1:]) {
		useParentConsole()
		os.Exit(cli.Run(cli.OSEnv(), os.Args[1:]))
	}
	if err := cli.CheckDisplay(os.Getenv, runtime.GOOS); err != nil && !bindingsRun {
		fmt.Fprintln(os.Stderr, "wecomdev:", err)
		os.Exit(cli.ExitError)
	}
	if err := runGUI(started); err != nil {
		fmt.Fprintln(os.Stderr, "wecomdev:", err)
		os.Exit(cli.ExitError)
	}
}

// noTraceLogger is Wails' default logger without Trace: at that level Wails logs every
// bound call's result, and RevealSecret's result is a secret. No log level prints one.
type noTraceLogger struct{ logger.Logger }

func (noTraceLogger) Trace(string) {}

// wailsRuntime is app.Runtime over the Wails runtime; it holds the context Wails
// hands to OnStartup and drops events sent before it.
type wailsRuntime struct{ ctx context.Context }

func (r *wailsRuntime) Emit(name string, data ...any) {
	if r.ctx != nil {
		wailsruntime.EventsEmit(r.ctx, name, data...)
	}
}

func runGUI(started time.Time) error {
	trace := app.NewStartupTrace(os.Getenv, os.Stderr)
	trace.At(started, "main")
	dir, err := paths.EnsureDataDir()
	if bindingsRun {
		dir, err = os.MkdirTemp("", "wecomdev-bindings-")
		defer os.RemoveAll(dir)
	}
	if err != nil {
		return err
	}
	ctx := context.Background()
	rt := &wailsRuntime{}
	eng, err := workspace.Open(ctx, dir, workspace.Options{
		OnTickets: func(st tickets.Status) { rt.Emit(app.EventTicketsChanged, st) },
	})
	if err != nil {
		return err
	}
	defer eng.Close()
	trace.Mark("workspace-open")

	settingsStore := eng.Settings(locale.Detect)
	initial, err := settingsStore.Get(ctx)
	if err != nil {
		return err
	}
	trace.Mark("settings-read")
	devServer := app.NewDevServerService(eng, rt)
	tunnels := app.NewTunnelService(devServer, eng.Keychain(), rt)
	joinWays := app.NewJoinWayService(eng, rt)
	services := []any{
		app.NewSettingsService(settingsStore, rt),
		app.NewAboutService(buildinfo.Get(dir)),
		app.NewProfilesService(eng),
		app.NewTicketsService(eng),
		app.NewSignService(eng),
		devServer,
		app.NewDiagnoseService(eng),
		app.NewCallbackProbeService(eng),
		tunnels,
		joinWays,
		app.NewCallbacksService(eng, devServer),
		app.NewStartupService(trace),
	}

	// Paint the window in the saved theme before the page loads, so a dark
	// console does not flash white.
	bg := &options.RGBA{R: 255, G: 255, B: 255, A: 255}
	if initial.Theme == settings.ThemeDark {
		bg = &options.RGBA{R: 0, G: 0, B: 0, A: 255}
	}

	trace.Mark("wails-run")
	return wails.Run(&options.App{
		Title:            buildinfo.Name,
		Width:            1200,
		Height:           780,
		MinWidth:         900,
		MinHeight:        600,
		BackgroundColour: bg,
		AssetServer:      &assetserver.Options{Assets: assets},
		// No SIGINT/SIGTERM handler of ours: wails.Run installs one that quits the GTK
		// loop, and a second one racing it crashed the app on exit (gtk_main_quit after
		// the loop was torn down). Wails' own handler gives a clean exit with code 0.
		OnStartup: func(ctx context.Context) {
			rt.ctx = ctx
			trace.Mark("wails-startup")
		},
		OnDomReady: func(context.Context) { trace.Mark("dom-ready") },
		OnShutdown: func(context.Context) {
			app.ShutdownJoinWay(joinWays)
			app.ShutdownTunnel(tunnels)
			app.ShutdownDevServer(devServer)
		},
		Bind:   services,
		Logger: noTraceLogger{logger.NewDefaultLogger()},
		Linux: &linux.Options{
			Icon:        icon,
			ProgramName: buildinfo.Name,
			// Never: the console draws text and flat boxes; WebKitGTK's accelerated
			// compositing (OnDemand) sets up GL when it first paints, which made the first
			// frame ~300 ms later under Xvfb (make startup: median 1986 → 1662 ms) and is
			// the usual cause of blank WebKitGTK windows on some GPU drivers.
			WebviewGpuPolicy: linux.WebviewGpuPolicyNever,
		},
		Mac: &mac.Options{
			About: &mac.AboutInfo{Title: buildinfo.Name, Message: "WeCom H5 / JS-SDK developer console " + buildinfo.Version, Icon: icon},
		},
		Windows: &windows.Options{Theme: windows.SystemDefault},
	})
}
