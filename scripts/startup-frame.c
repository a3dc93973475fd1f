/*
 * startup-frame: waits for a top-level window titled TITLE on $DISPLAY, then grabs it
 * (XGetImage, as `import -window` does, but a few milliseconds a grab instead of a few
 * hundred) until a grab shows the drawn UI: at least 64 colours, where a blank webview is
 * one flat colour. Used by scripts/startup-time.sh, which compiles it.
 *
 *   startup-frame TITLE TIMEOUT_SECONDS [OUT.ppm]
 *
 * Prints one line, times in microseconds since the Unix epoch (the clock of bash's
 * $EPOCHREALTIME and of Go's time.Now):
 *   WINDOW_SEEN LAST_BLANK_GRAB_END FIRST_DRAWN_GRAB_END COLOURS
 * The first drawn frame reached the screen between the two grab ends. OUT.ppm, if given,
 * receives that frame. Exit 1 on a timeout, 2 on a usage or display error.
 */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long long now_us(void) {
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static void nap_ms(int ms) {
	struct timespec ts = {0, ms * 1000000L};
	nanosleep(&ts, NULL);
}

/* GTK makes and destroys short-lived windows at start-up; a request about one that is
 * gone fails with BadWindow, which is not an error here. */
static int ignore_errors(Display *d, XErrorEvent *e) {
	(void)d;
	(void)e;
	return 0;
}

static Window find(Display *d, Window w, const char *title) {
	char *name = NULL;
	if (XFetchName(d, w, &name) && name) {
		int same = strcmp(name, title) == 0;
		XFree(name);
		XWindowAttributes a;
		if (same && XGetWindowAttributes(d, w, &a) && a.map_state == IsViewable) return w;
	}
	Window root, parent, *kids = NULL;
	unsigned int n = 0;
	if (!XQueryTree(d, w, &root, &parent, &kids, &n)) return 0;
	Window found = 0;
	for (unsigned int i = 0; i < n && !found; i++) found = find(d, kids[i], title);
	if (kids) XFree(kids);
	return found;
}

/* Distinct pixel values, counted up to limit (an open-addressing set). */
static int colours(XImage *img, int limit) {
	enum { SLOTS = 4096 };
	static uint32_t set[SLOTS];
	static unsigned char used[SLOTS];
	memset(used, 0, sizeof used);
	int n = 0;
	for (int y = 0; y < img->height; y++) {
		for (int x = 0; x < img->width; x++) {
			uint32_t p = (uint32_t)XGetPixel(img, x, y) & 0xffffff;
			uint32_t h = (p * 2654435761u) >> 20;
			for (;;) {
				h &= SLOTS - 1;
				if (!used[h]) {
					used[h] = 1;
					set[h] = p;
					if (++n >= limit) return n;
					break;
				}
				if (set[h] == p) break;
				h++;
			}
		}
	}
	return n;
}

static void write_ppm(XImage *img, const char *path) {
	FILE *f = fopen(path, "wb");
	if (!f) return;
	fprintf(f, "P6\n%d %d\n255\n", img->width, img->height);
	for (int y = 0; y < img->height; y++) {
		for (int x = 0; x < img->width; x++) {
			unsigned long p = XGetPixel(img, x, y);
			unsigned char rgb[3] = {(p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff};
			fwrite(rgb, 1, 3, f);
		}
	}
	fclose(f);
}

int main(int argc, char **argv) {
	if (argc < 3) {
		fprintf(stderr, "usage: %s TITLE TIMEOUT_SECONDS [OUT.ppm]\n", argv[0]);
		return 2;
	}
	const char *title = argv[1];
	long long deadline = now_us() + atoll(argv[2]) * 1000000LL;
	Display *d = XOpenDisplay(NULL);
	if (!d) {
		fprintf(stderr, "startup-frame: cannot open display %s\n", getenv("DISPLAY") ? getenv("DISPLAY") : "(DISPLAY unset)");
		return 2;
	}
	XSetErrorHandler(ignore_errors);
	Window root = DefaultRootWindow(d), w = 0;
	while (!(w = find(d, root, title))) {
		if (now_us() > deadline) {
			fprintf(stderr, "startup-frame: no window titled '%s'\n", title);
			return 1;
		}
		nap_ms(2);
	}
	long long seen = now_us(), last_blank = seen;
	for (;;) {
		XWindowAttributes a;
		XImage *img = NULL;
		if (XGetWindowAttributes(d, w, &a)) img = XGetImage(d, w, 0, 0, a.width, a.height, AllPlanes, ZPixmap);
		long long end = now_us();
		if (img) {
			int n = colours(img, 64);
			if (n >= 64) {
				if (argc > 3) write_ppm(img, argv[3]);
				XDestroyImage(img);
				printf("%lld %lld %lld %d\n", seen, last_blank, end, n);
				return 0;
			}
			XDestroyImage(img);
		}
		last_blank = end;
		if (end > deadline) {
			fprintf(stderr, "startup-frame: the window stayed blank\n");
			return 1;
		}
		nap_ms(2);
	}
}
