#!/usr/bin/env bash
# make dist's last step (and make dist-check): checks what scripts/dist.sh
# wrote into dist/ for VERSION, built from COMMIT:
#   - SHA256SUMS matches both files;
#   - the .exe is a PE32+ x86-64 GUI executable (`file`) with the icon
#     (16 to 256 px), the version resource and the manifest embedded;
#   - the tarball holds the binary, the .desktop file and the icon, and its
#     Makefile installs them (into a DESTDIR here);
#   - the packaged Linux binary prints this build in `version`;
#   - where wine64 is installed (make dist-check installs it): spanmark.exe
#     prints what the Linux binary prints for `version`, `export` and `search`
#     on a small database, and a database it imports exports the same.
# Every failure is one line naming what is wrong, and exit 1.
set -euo pipefail
VERSION=${1:?usage: dist-check.sh VERSION COMMIT}
COMMIT=${2:?usage: dist-check.sh VERSION COMMIT}
cd "$(dirname "$0")/.."
root=$PWD
linux=dist/spanmark-$VERSION-linux-amd64.tar.xz
win=dist/spanmark-$VERSION-windows-amd64.exe
tmp=$(mktemp -d)
wineserver=""
cleanup() {
	if [ -n "$wineserver" ]; then "$wineserver" -k 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT

fail() { echo "dist-check: FAIL: $*" >&2; exit 1; }
ok() { echo "dist-check: ok: $*"; }
oneline() { sed 's/  */ /g' | paste -sd ';' | sed 's/;/; /g'; }

for f in "$linux" "$win" dist/SHA256SUMS; do [ -s "$f" ] || fail "$f is missing (run make dist)"; done
(cd dist && sha256sum --check --quiet SHA256SUMS) || fail "dist/SHA256SUMS does not match the files"
ok "SHA256SUMS matches $(basename "$linux") and $(basename "$win")"

# --- the Windows executable -------------------------------------------------
desc=$(file -b "$win")
[[ $desc == "PE32+ executable (GUI) x86-64"* ]] || fail "$win is \"$desc\", want a PE32+ x86-64 GUI executable"
ok "file: $desc"

res=$(wrestool -l "$win")
for t in 14 16 24; do # group icon, version, manifest
	grep -q -- "--type=$t " <<<"$res" || fail "$win has no resource of type $t: $res"
done
wrestool -x --type=14 "$win" >"$tmp/exe.ico"
sizes=$(icotool -l "$tmp/exe.ico" | sed -n 's/.*--width=\([0-9]*\).*/\1/p' | sort -n | tr "\n" " " | sed "s/ $//")
for s in 16 32 48 256; do
	[[ " $sizes " == *" $s "* ]] || fail "$win's icon has sizes $sizes, no $s px"
done
ok "embedded icon sizes: $sizes px"
wrestool -x --raw --type=16 "$win" >"$tmp/version.res"
strings -e l "$tmp/version.res" | grep -qx "$VERSION" || fail "$win's version resource does not name $VERSION"
ok "embedded version resource: $VERSION"

# --- the Linux tarball ------------------------------------------------------
tar -tJf "$linux" >"$tmp/list" || fail "$linux is not an xz tarball"
for want in 'spanmark/Makefile' 'spanmark/usr/(local/)?bin/spanmark' \
	'spanmark/usr/(local/)?share/applications/io\.github\.spanmark\.desktop' \
	'spanmark/usr/(local/)?share/pixmaps/io\.github\.spanmark\.png'; do
	grep -qEx "$want" "$tmp/list" || fail "$linux has no $want; it holds: $(tr '\n' ' ' <"$tmp/list")"
done
ok "$(basename "$linux") holds: $(grep -v '/$' "$tmp/list" | paste -sd ' ')"
tar -xJf "$linux" -C "$tmp"
make -s -C "$tmp/spanmark" install DESTDIR="$tmp/root" PREFIX=/usr/local >/dev/null
bin=$tmp/root/usr/local/bin/spanmark
desktop=$tmp/root/usr/local/share/applications/io.github.spanmark.desktop
icon=$tmp/root/usr/local/share/pixmaps/io.github.spanmark.png
for f in "$bin" "$desktop" "$icon"; do [ -s "$f" ] || fail "make install did not write $f"; done
[ -x "$bin" ] || fail "make install left $bin not executable"
cmp -s "$icon" assets/icon.png || fail "the packaged icon is not assets/icon.png"
grep -qx 'Exec=spanmark' "$desktop" && grep -qx 'Icon=io.github.spanmark' "$desktop" &&
	grep -qx 'Name=spanmark' "$desktop" || fail "$desktop lacks Name/Exec/Icon: $(cat "$desktop")"
if command -v desktop-file-validate >/dev/null; then
	desktop-file-validate "$desktop" || fail "desktop-file-validate refuses the .desktop file"
fi
ok "make install (DESTDIR) puts the binary in bin, the menu entry in share/applications, the icon in share/pixmaps"

# --- the packaged Linux binary ----------------------------------------------
"$bin" version >"$tmp/linux-version.txt" || fail "the packaged binary's version failed"
field() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }
[ "$(head -1 "$tmp/linux-version.txt")" = "spanmark $VERSION" ] || fail "version says \"$(head -1 "$tmp/linux-version.txt")\", want spanmark $VERSION"
[ "$(field commit "$tmp/linux-version.txt")" = "$COMMIT" ] || fail "version names commit $(field commit "$tmp/linux-version.txt"), want $COMMIT"
[ "$(field go "$tmp/linux-version.txt")" = "$(go env GOVERSION)" ] || fail "version names $(field go "$tmp/linux-version.txt"), want $(go env GOVERSION)"
[[ $(field sqlite "$tmp/linux-version.txt") =~ ^3\.[0-9]+\.[0-9]+$ ]] || fail "version names SQLite \"$(field sqlite "$tmp/linux-version.txt")\""
[[ $(field built "$tmp/linux-version.txt") =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || fail "version has no build date"
ok "packaged binary: $(oneline <"$tmp/linux-version.txt")"

# --- the Windows executable under wine -------------------------------------
wine=""
for c in wine64 /usr/lib/wine/wine64; do
	if command -v "$c" >/dev/null; then wine=$(command -v "$c"); break; fi
done
if [ -z "$wine" ]; then
	echo "dist-check: wine64 is not installed: spanmark.exe was not run (make dist-check installs it)"
	exit 0
fi

# A small database: text files, and a record with spans, a relation and
# characters outside the BMP (offsets are code points on every system).
mkdir -p "$tmp/in"
cat >"$tmp/in/spans.jsonl" <<'EOF'
{"id":"zh1","text":"Zürich – 北京 police said the mayor 😀 lied.","status":"done","spans":[{"id":"s1","start":0,"end":6,"label":"GPE","kind":"entity","annotator":"ana"},{"id":"s2","start":9,"end":11,"label":"GPE","annotator":"ana"},{"id":"c1","start":12,"end":41,"label":"CLAIM","kind":"claim","annotator":"ana","attrs":{"checkworthy":"yes"}}],"relations":[{"head":"c1","child":"s1","label":"ABOUT"}]}
EOF
cp assets/samples/*.txt "$tmp/in/"
"$bin" import --db "$tmp/small.db" "$tmp/in" >/dev/null || fail "the Linux binary could not import $tmp/in"

export WINEPREFIX=$tmp/wineprefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree=;mshtml=" LANG=C.UTF-8
for c in "$(dirname "$wine")/wineserver64" "$(dirname "$wine")/wineserver" wineserver; do
	if command -v "$c" >/dev/null; then wineserver=$(command -v "$c"); break; fi
done
winpath() { printf 'Z:%s' "${1//\//\\}"; }
# Runs spanmark.exe under wine with stdout into $1 (a GUI-subsystem program
# writes to a redirected stdout; a console would show nothing).
runwin() {
	local out=$1
	shift
	timeout 300 "$wine" "$root/$win" "$@" >"$out" 2>"$out.err" || fail "wine spanmark.exe $*: exit $?: $(cat "$out.err")"
}

echo "dist-check: running spanmark.exe under $wine ($("$wine" --version 2>/dev/null))"
timeout 300 "$wine" wineboot -i >/dev/null 2>&1 || fail "wineboot could not make a wine prefix in $WINEPREFIX"
# Go's runtime asks Windows 10+ for randomness through ProcessPrng in
# bcryptprimitives.dll, from System32 only. Wine 8.0 (Debian 12) has no such
# DLL, and every Go program then dies at start. Real Windows has it; this
# throwaway prefix gets a stand-in that asks bcrypt.dll's BCryptGenRandom.
sys32=$WINEPREFIX/drive_c/windows/system32
if [ ! -e "$sys32/bcryptprimitives.dll" ]; then
	cat >"$tmp/processprng.c" <<'C'
#include <windows.h>
#include <bcrypt.h>
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (BCryptGenRandom(NULL, data, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
C
	printf 'LIBRARY bcryptprimitives\nEXPORTS\n  ProcessPrng\n' >"$tmp/processprng.def"
	x86_64-w64-mingw32-gcc -O2 -shared -o "$sys32/bcryptprimitives.dll" "$tmp/processprng.c" "$tmp/processprng.def" -lbcrypt ||
		fail "could not build the ProcessPrng stand-in for wine"
	echo "dist-check: this wine has no bcryptprimitives.dll: its prefix got a ProcessPrng stand-in (BCryptGenRandom)"
fi
runwin "$tmp/win-version.txt" version
grep -qx 'platform *windows/amd64' "$tmp/win-version.txt" || fail "spanmark.exe version: $(cat "$tmp/win-version.txt")"
diff <(grep -v '^platform' "$tmp/linux-version.txt") <(grep -v '^platform' "$tmp/win-version.txt") >&2 ||
	fail "spanmark.exe version differs from the Linux binary's (above)"
ok "wine spanmark.exe version: $(oneline <"$tmp/win-version.txt")"

"$bin" export --db "$tmp/small.db" --out - >"$tmp/linux-export.jsonl"
runwin "$tmp/win-export.jsonl" export --db "$(winpath "$tmp/small.db")" --out -
cmp "$tmp/linux-export.jsonl" "$tmp/win-export.jsonl" >&2 || fail "spanmark.exe export differs from the Linux binary's"
ok "wine spanmark.exe export --db small.db: $(wc -l <"$tmp/win-export.jsonl") articles, $(wc -c <"$tmp/win-export.jsonl") bytes, byte for byte the Linux binary's"

"$bin" search --db "$tmp/small.db" zurich police >"$tmp/linux-search.txt"
runwin "$tmp/win-search.txt" search --db "$(winpath "$tmp/small.db")" zurich police
[ -s "$tmp/linux-search.txt" ] && cmp -s "$tmp/linux-search.txt" "$tmp/win-search.txt" ||
	fail "spanmark.exe search printed \"$(cat "$tmp/win-search.txt")\", the Linux binary \"$(cat "$tmp/linux-search.txt")\""
ok "wine spanmark.exe search zurich police: $(cat "$tmp/win-search.txt")"

runwin "$tmp/win-import.txt" import --db "$(winpath "$tmp/win.db")" "$(winpath "$tmp/in")"
"$bin" export --db "$tmp/win.db" --out - >"$tmp/win-imported.jsonl"
cmp "$tmp/linux-export.jsonl" "$tmp/win-imported.jsonl" >&2 || fail "the database spanmark.exe imported exports differently"
ok "wine spanmark.exe import: $(cat "$tmp/win-import.txt"); the Linux binary exports it byte for byte"
