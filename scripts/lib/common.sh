# shellcheck shell=bash
# Helpers shared by scripts/test, scripts/demo and scripts/lib/postgres.sh.
# Sourced, never run.

# Prints a step header.
step() { echo "==> $*"; }

# Runs a command as root: directly when we are root, else with sudo.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs Debian packages (apt-get update first).
apt_install() {
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

# npm ci when node_modules is missing or package-lock.json is newer than
# what npm last installed.
npm_ci_if_needed() {
  if [ ! -d node_modules ] || [ ! -e node_modules/.package-lock.json ] \
    || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "npm ci"
    npm ci --no-audit --no-fund
  else
    step "npm packages: up to date"
  fi
}

# on_exit COMMAND...: runs COMMAND when the script exits (normally, on error,
# or on Ctrl-C / SIGTERM / SIGHUP), last registered first. Several helpers can
# each register their own clean-up without replacing the others' trap.
[[ -v ROOTS_EXIT_HOOKS ]] || ROOTS_EXIT_HOOKS=()
roots_run_exit_hooks() {
  local i
  for ((i = ${#ROOTS_EXIT_HOOKS[@]} - 1; i >= 0; i--)); do
    eval "${ROOTS_EXIT_HOOKS[i]}" || true
  done
  ROOTS_EXIT_HOOKS=()
}
on_exit() {
  ROOTS_EXIT_HOOKS+=("$*")
  trap roots_run_exit_hooks EXIT
  # Without these, a signal would end bash without running the EXIT trap.
  trap 'exit 129' HUP
  trap 'exit 130' INT
  trap 'exit 143' TERM
}
