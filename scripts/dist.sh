#!/usr/bin/env bash
# make dist: builds the release packages into dist/ (emptied first):
#   spanmark-VERSION-linux-amd64.tar.xz   binary, .desktop file and icon as
#                                         `fyne package -os linux` lays them out
#   spanmark-VERSION-windows-amd64.exe    cross-built with mingw-w64, GUI
#                                         subsystem, icon and version embedded
#   SHA256SUMS
# The Makefile passes VERSION, BUILD (FyneApp.toml's build number), LDFLAGS
# (the -X flags of internal/buildinfo), FYNE (the fyne tool) and GO, and has
# installed what this needs; scripts/dist-check.sh checks the result.
set -euo pipefail
: "${VERSION:?}" "${BUILD:?}" "${LDFLAGS:?}" "${FYNE:?}"
GO=${GO:-go}
TAGS=sqlite_fts5
cd "$(dirname "$0")/.."
root=$PWD
out=$root/dist
linux=spanmark-$VERSION-linux-amd64.tar.xz
win=spanmark-$VERSION-windows-amd64.exe

# The Windows resources (icon, version, manifest) reach the linker as a .syso
# in package main's folder; the suffix keeps every other build from linking it.
syso=$root/zz_dist_windows_amd64.syso
work=$(mktemp -d)
trap 'rm -rf "$work" "$syso"' EXIT
rm -rf "$out"
mkdir -p "$out" "$work/linux"
# Building must change nothing in the source tree (fyne package would).
tree_state() { git status --porcelain --untracked-files=all 2>/dev/null | grep -v '^?? dist/' || true; }
before=$(tree_state)

# Numeric parts of VERSION for the Windows version resource (0.1.0-rc1 → 0,1,0).
IFS=. read -r major minor patch _ <<<"${VERSION%%[-+]*}"
for n in "$major" "$minor" "${patch:=0}"; do
	[[ $n =~ ^[0-9]+$ ]] || { echo "dist: VERSION $VERSION is not MAJOR.MINOR.PATCH" >&2; exit 1; }
done

echo "dist: linux/amd64 binary"
CGO_ENABLED=1 GOOS=linux GOARCH=amd64 \
	"$GO" build -tags "$TAGS" -ldflags "$LDFLAGS -s -w" -o "$work/linux/spanmark" .

echo "dist: $linux (fyne package -os linux)"
# fyne package counts the Build of the FyneApp.toml it reads up by one and
# writes it back: give it a copy, in a folder that has Go code as it
# requires (the binary is built already). Run from $work, where the tarball
# and fyne's staging folder land.
mkdir -p "$work/src"
cp FyneApp.toml "$work/src/"
printf 'package main\n' >"$work/src/main.go"
(cd "$work" && "$FYNE" package -os linux --src "$work/src" --exe "$work/linux/spanmark" \
	--name spanmark --app-version "$VERSION" --app-build "$BUILD" --icon "$root/assets/icon.png")
mv "$work/spanmark.tar.xz" "$out/$linux"

echo "dist: Windows resources (icon 16–256 px, version $major.$minor.$patch.$BUILD, manifest)"
# Each size is a box-filter average of the 512 px drawing, whose lines sit on
# a 32 px grid: crisp at 16 and 32 px, where the default filter left halos.
sizes=()
for s in 256 64 48 32 24 16; do sizes+=('(' -clone 0 -filter box -resize "${s}x$s" ')'); done
convert assets/icon.png "${sizes[@]}" -delete 0 "$work/spanmark.ico"
cat >"$work/spanmark.exe.manifest" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0">
  <assemblyIdentity version="$major.$minor.$patch.$BUILD" processorArchitecture="amd64" name="io.github.spanmark" type="win32"/>
  <description>spanmark</description>
  <trustInfo xmlns="urn:schemas-microsoft-com:asm.v3">
    <security><requestedPrivileges><requestedExecutionLevel level="asInvoker" uiAccess="false"/></requestedPrivileges></security>
  </trustInfo>
  <compatibility xmlns="urn:schemas-microsoft-com:compatibility.v1">
    <application><supportedOS Id="{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}"/></application>
  </compatibility>
</assembly>
EOF
cat >"$work/spanmark.rc" <<EOF
1 ICON "spanmark.ico"
1 24 "spanmark.exe.manifest"
1 VERSIONINFO
FILEVERSION $major,$minor,$patch,$BUILD
PRODUCTVERSION $major,$minor,$patch,$BUILD
FILEOS 0x40004
FILETYPE 0x1
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "040904b0"
    BEGIN
      VALUE "CompanyName", "spanmark"
      VALUE "FileDescription", "spanmark"
      VALUE "FileVersion", "$VERSION"
      VALUE "InternalName", "spanmark"
      VALUE "OriginalFilename", "spanmark.exe"
      VALUE "ProductName", "spanmark"
      VALUE "ProductVersion", "$VERSION"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x409, 1200
  END
END
EOF
(cd "$work" && x86_64-w64-mingw32-windres --input-format=rc --output-format=coff -i spanmark.rc -o "$syso")

echo "dist: $win (windows/amd64, mingw-w64)"
CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
	"$GO" build -tags "$TAGS" -ldflags "$LDFLAGS -s -w -H windowsgui" -o "$out/$win" .

(cd "$out" && sha256sum "$linux" "$win" >SHA256SUMS)
rm -f "$syso"
[ "$(tree_state)" = "$before" ] || { echo "dist: the build changed the source tree:" >&2; diff <(echo "$before") <(tree_state) >&2; exit 1; }
ls -l "$out"
