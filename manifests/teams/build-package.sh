#!/usr/bin/env bash
# Builds the Teams app package to upload in Teams (Apps > Manage your apps > Upload a custom app).
#
# Usage: HOST_NAME=hitbot.district.org PRIVACY_URL=https://… TERMS_URL=https://… build-package.sh BOT_ID [TEAMS_APP_ID] [OUT.zip]
#
#   BOT_ID        the Microsoft App ID (a GUID) of your Azure Bot
#   TEAMS_APP_ID  the Teams app id (a GUID); defaults to BOT_ID
#   OUT.zip       where to write the package; defaults to hitbot-teams.zip next to this script
#   HOST_NAME     (environment) the public host name HitBot runs on, without https:// - the website link on the
#                 app's details page is https://HOST_NAME/ (the dashboard's sign-in)
#   PRIVACY_URL, TERMS_URL
#                 (environment, required) full https:// URLs of your district's privacy notice and terms of use,
#                 shown on the app's details page; HitBot serves no such pages
#   WEBSITE_URL   (environment, optional) a https:// URL for the website link instead of https://HOST_NAME/;
#                 with it set, HOST_NAME is not needed
#
# It fills the ${{...}} placeholders of manifest.json and zips manifest.json, color.png and outline.png
# at the root of the zip. Needs only bash and python3 (standard library).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
usage="Usage: HOST_NAME=hitbot.example.org PRIVACY_URL=https://… TERMS_URL=https://… $0 BOT_ID [TEAMS_APP_ID] [OUT.zip]"
guid='^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'

fail() { echo "build-package.sh: $*" >&2; exit 1; }

if [ $# -lt 1 ] || [ $# -gt 3 ] || [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  echo "$usage" >&2
  exit 2
fi

bot_id="$1"
app_id="$bot_id"
out="$here/hitbot-teams.zip"
if [ $# -ge 2 ]; then
  case "$2" in
    *.zip) out="$2"; [ $# -eq 2 ] || fail "give OUT.zip last: $usage" ;;
    *) app_id="$2"; [ $# -lt 3 ] || out="$3" ;;
  esac
fi

[[ "$bot_id" =~ $guid ]] || fail "BOT_ID '$bot_id' is not a GUID. Use the Microsoft App ID of your Azure Bot (Azure portal > your Azure Bot > Configuration), e.g. 1b2c3d4e-0000-4000-8000-123456789abc."
[[ "$app_id" =~ $guid ]] || fail "TEAMS_APP_ID '$app_id' is not a GUID. Leave it out to reuse the bot id, or generate one (python3 -c 'import uuid; print(uuid.uuid4())')."
[ "$bot_id" != "00000000-0000-0000-0000-000000000000" ] || fail "BOT_ID is the all-zero GUID; use the Microsoft App ID of your Azure Bot."
[ "$app_id" != "00000000-0000-0000-0000-000000000000" ] || fail "TEAMS_APP_ID is the all-zero GUID."
case "$out" in *.zip) ;; *) fail "OUT '$out' must end in .zip" ;; esac

host="${HOST_NAME:-}"
website="${WEBSITE_URL:-}"
privacy="${PRIVACY_URL:-}"
terms="${TERMS_URL:-}"
if [ -z "$host" ] && [ -z "$website" ]; then
  fail "set HOST_NAME to the public host name of your HitBot (e.g. HOST_NAME=hitbot.district.org), or WEBSITE_URL. It becomes the website link on the app's details page in Teams."
fi
# Teams shows these two on the app's details page to every tutor who opens it; HitBot serves no such pages, so a default
# under HOST_NAME would be a link that answers 404.
if [ -z "$privacy" ] || [ -z "$terms" ]; then
  fail "set PRIVACY_URL and TERMS_URL to your district's privacy notice and terms of use (full https:// URLs, e.g. PRIVACY_URL=https://www.district.org/privacy). Teams shows them on HitBot's details page; HitBot does not serve such pages."
fi
if [ -n "$host" ] && ! [[ "$host" =~ ^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+(:[0-9]+)?$ ]]; then
  fail "HOST_NAME '$host' must be a bare host name such as hitbot.district.org (no https://, no path)."
fi
for pair in "WEBSITE_URL=$website" "PRIVACY_URL=$privacy" "TERMS_URL=$terms"; do
  value="${pair#*=}"
  if [ -n "$value" ] && ! [[ "$value" =~ ^https://[^[:space:]]+$ ]]; then
    fail "${pair%%=*} '$value' must be a https:// URL."
  fi
done

command -v python3 >/dev/null || fail "python3 is required to build the zip (Debian/Ubuntu: apt-get install -y python3)."

BOT_ID="$bot_id" TEAMS_APP_ID="$app_id" HOST_NAME="$host" \
WEBSITE_URL="$website" PRIVACY_URL="$privacy" TERMS_URL="$terms" \
  python3 - "$here" "$out" <<'PY'
import json, os, re, sys, tempfile, zipfile

src, out = sys.argv[1], sys.argv[2]
values = {k: os.environ[k] for k in ("BOT_ID", "TEAMS_APP_ID", "HOST_NAME")}

def fill(node):
    if isinstance(node, str):
        return re.sub(r"\$\{\{(\w+)\}\}", lambda m: values[m.group(1)] if values.get(m.group(1)) else m.group(0), node)
    if isinstance(node, list):
        return [fill(v) for v in node]
    if isinstance(node, dict):
        return {k: fill(v) for k, v in node.items()}
    return node

with open(os.path.join(src, "manifest.json"), encoding="utf-8") as f:
    manifest = fill(json.load(f))
developer = manifest.setdefault("developer", {})
for key, env in (("websiteUrl", "WEBSITE_URL"), ("privacyUrl", "PRIVACY_URL"), ("termsOfUseUrl", "TERMS_URL")):
    if os.environ.get(env):
        developer[key] = os.environ[env]

left = sorted(set(re.findall(r"\$\{\{\w+\}\}", json.dumps(manifest))))
if left:
    sys.exit(f"build-package.sh: manifest.json still has placeholders this script does not fill: {', '.join(left)}")

icons = manifest.get("icons", {})
files = [icons.get("color"), icons.get("outline")] + ([icons["color32x32"]] if "color32x32" in icons else [])
for name in files:
    if not name or not os.path.isfile(os.path.join(src, name)):
        sys.exit(f"build-package.sh: icon {name!r} named in manifest.json is missing from {src} (run make-icons.py)")

out = os.path.abspath(out)
os.makedirs(os.path.dirname(out), exist_ok=True)
fd, tmp = tempfile.mkstemp(suffix=".zip", dir=os.path.dirname(out))
os.close(fd)
try:
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        # Entries at the zip root with a fixed date, so the same inputs give the same bytes.
        def add(name, data):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
        add("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        for name in files:
            with open(os.path.join(src, name), "rb") as f:
                add(name, f.read())
    os.replace(tmp, out)
except BaseException:
    os.unlink(tmp)
    raise
print(f"Wrote {out}: Teams app {manifest['id']} v{manifest['version']}, bot {manifest['bots'][0]['botId']}")
print("Upload it in Teams: Apps > Manage your apps > Upload a custom app.")
PY
