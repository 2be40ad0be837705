#!/bin/sh
# Renders a report.html as a person would see it, in headless Chromium
# (Debian's chromium package, installed if missing): a laptop-width and a
# phone-width screenshot and an A4 PDF. It fails if the page logs anything
# to the console (an error, an uncaught exception) or makes any network
# request. It first checks itself on a page that does both, so a check
# that cannot see them fails rather than passes.
#
#   scripts/report-browser-test.sh [RESULTS_FOLDER...]
#
# Without a folder it runs a small comparison and a small compare
# --neighbours and builds the report of each. Screenshots and the PDF go to
# $OUT (default bin/report-test), named report-* for the first folder and
# neighbours-* for the first compare --neighbours folder (report-2-*,
# neighbours-3-*, ... for any other).
set -eu

OUT=${OUT:-bin/report-test}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if ! command -v chromium >/dev/null 2>&1; then
	echo "installing chromium (Debian package)"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# render PAGE NAME: screenshots at two widths and a PDF, with the console
# on stderr and every network event in a log. Host names resolve to
# nothing, so a request fails fast but is still logged.
render() {
	page=$1
	name=$2
	url="file://$(cd "$(dirname "$page")" && pwd)/$(basename "$page")"
	: >"$WORK/$name.console"
	for shot in laptop:1366,6000 phone:390,12000; do
		label=${shot%%:*}
		size=${shot#*:}
		chromium_run --window-size="$size" --screenshot="$OUT/$name-$label.png" \
			--log-net-log="$WORK/$name-$label.netlog" "$url"
	done
	chromium_run --print-to-pdf="$OUT/$name.pdf" --no-pdf-header-footer \
		--log-net-log="$WORK/$name-pdf.netlog" "$url"
}

chromium_run() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--user-data-dir="$WORK/profile" --no-first-run --no-default-browser-check \
		--disable-background-networking --disable-component-update --disable-sync \
		--disable-extensions --disable-default-apps \
		--host-resolver-rules='MAP * ~NOTFOUND' \
		--enable-logging=stderr --v=0 "$@" 2>>"$WORK/$name.console" >/dev/null || {
		echo "chromium failed on $url" >&2
		return 1
	}
}

# problems NAME prints what the page did that it must not: console
# messages, and requests made for the page (their network isolation key
# is the file:// page, or their initiator is it) for anything but a
# file: or data: URL. The browser's own background requests carry
# neither and are not the page's doing.
problems() {
	grep ':CONSOLE' "$WORK/$1.console" || true
	cat "$WORK/$1"-*.netlog |
		grep -E '"network_isolation_key":"file://|"initiator":"(null|file://)' |
		grep -o '"url":"[^"]*"' | grep -v -E '"url":"(file|data|blob|about):' | sort -u || true
}

# The check must see a page that fetches and errs.
cat >"$WORK/bad.html" <<'HTML'
<!DOCTYPE html><html><head><title>bad</title></head><body><p>fetches</p>
<img src="http://example.invalid/logo.png" alt="">
<script>console.error("an error");</script></body></html>
HTML
render "$WORK/bad.html" selfcheck
found=$(problems selfcheck)
rm -f "$OUT"/selfcheck*
case "$found" in
*example.invalid*CONSOLE* | *CONSOLE*example.invalid*) ;;
*)
	echo "FAIL: the check did not see the test page's request and console error:" >&2
	echo "$found" >&2
	exit 1
	;;
esac

if [ $# -eq 0 ]; then
	go build -o "$WORK/caseload" ./cmd/caseload
	"$WORK/caseload" compare scenarios/baseline.yaml scenarios/embedded.yaml scenarios/core-offer.yaml \
		--reps 10 --years 2 --quiet --out "$WORK/compare" >/dev/null
	"$WORK/caseload" report "$WORK/compare" >/dev/null
	"$WORK/caseload" compare scenarios/embedded.yaml --la Solihull --neighbours \
		--reps 4 --years 1 --quiet --out "$WORK/neighbours" >/dev/null
	"$WORK/caseload" report "$WORK/neighbours" >/dev/null
	set -- "$WORK/compare" "$WORK/neighbours"
fi
n=0
for DIR in "$@"; do
	n=$((n + 1))
	name=report
	if grep -q '"kind": *"compare-neighbours"' "$DIR/manifest.json" 2>/dev/null; then
		name=neighbours
		[ -z "${neighbours_done:-}" ] || name=neighbours-$n
		neighbours_done=1
	elif [ "$n" -gt 1 ]; then
		name=report-$n
	fi
	[ -f "$DIR/report.html" ] || {
		echo "FAIL: $DIR/report.html does not exist (run caseload report $DIR)" >&2
		exit 1
	}
	render "$DIR/report.html" "$name"
	found=$(problems "$name")
	if [ -n "$found" ]; then
		echo "FAIL: $DIR/report.html logged to the console or made requests:" >&2
		echo "$found" >&2
		exit 1
	fi
	head -c 5 "$OUT/$name.pdf" | grep -q '%PDF-' || {
		echo "FAIL: no PDF of $DIR/report.html" >&2
		exit 1
	}
	echo "ok: $DIR/report.html renders with no console message and no request"
	echo "    $OUT/$name-laptop.png, $OUT/$name-phone.png, $OUT/$name.pdf"
done
