# Shared servers for the test run (sourced by test.sh): PostgreSQL 15 and RabbitMQ from Debian, on loopback.
# Tests that need them read TRANSPORTER_TEST_POSTGRES (Npgsql connection string) and TRANSPORTER_TEST_RABBITMQ
# (amqp URL); a variable is left unset when its server could not be started.
#
# Several test runs may share one machine, so a run registers itself under $_ts_dir and the last run to leave
# stops the servers that some run of this script started; servers that were already running are never stopped.
# Everything happens under a lock, so two runs never start the same server twice (the servers are started with
# the lock's descriptor closed, or they would hold the lock for as long as they run).

_ts_dir=${TRANSPORTER_TEST_SERVICES_DIR:-/tmp/transporter-test-services}
_ts_pg_cluster=(15 main)
_ts_pg_user=transporter_test
_ts_amqp_port=5672

_ts_log() { echo "test services: $*"; }

_ts_port_open() { ss -ltn "sport = :$1" 2>/dev/null | grep -q LISTEN; }

_ts_as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -n -u postgres "$@"; fi
}

_ts_start_postgres() {
  command -v pg_ctlcluster >/dev/null || { _ts_log "PostgreSQL not installed"; return 1; }
  if ! pg_lsclusters -h 2>/dev/null | awk -v v="${_ts_pg_cluster[0]}" -v c="${_ts_pg_cluster[1]}" '$1==v && $2==c && $4 ~ /^online/ {f=1} END {exit !f}'; then
    pg_ctlcluster "${_ts_pg_cluster[@]}" start >/dev/null 2>&1 9>&- || { _ts_log "PostgreSQL did not start"; return 1; }
    touch "$_ts_dir/started-postgres"
  fi
  local role_exists
  role_exists=$(_ts_as_postgres psql -qtAX -c "select 1 from pg_roles where rolname = '$_ts_pg_user'" 2>/dev/null) || { _ts_log "psql failed"; return 1; }
  if [ "$role_exists" != 1 ]; then
    _ts_as_postgres psql -qX -v ON_ERROR_STOP=1 \
      -c "create role $_ts_pg_user login password '$_ts_pg_user' createdb" \
      -c "create database $_ts_pg_user owner $_ts_pg_user" >/dev/null || { _ts_log "creating the test role failed"; return 1; }
  fi
  export TRANSPORTER_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Username=$_ts_pg_user;Password=$_ts_pg_user;Database=$_ts_pg_user"
}

# Sends RabbitMQ on its way without waiting; _ts_await_rabbitmq waits (its port opens 5-9 s later).
_ts_launch_rabbitmq() {
  command -v rabbitmq-server >/dev/null || { _ts_log "RabbitMQ not installed"; return 1; }
  _ts_port_open "$_ts_amqp_port" && return 0
  # epmd outlives the broker; remember whether it was already there so that only our own is stopped.
  pidof epmd >/dev/null || touch "$_ts_dir/started-epmd"
  rabbitmq-server -detached >/dev/null 2>&1 9>&- || { _ts_log "RabbitMQ did not start"; return 1; }
  touch "$_ts_dir/started-rabbitmq"
}

_ts_await_rabbitmq() {
  local waited=0
  until _ts_port_open "$_ts_amqp_port"; do
    [ $waited -ge 600 ] && { _ts_log "RabbitMQ port $_ts_amqp_port not open after 60 s"; return 1; }
    sleep 0.1; waited=$((waited + 1))
  done
  rabbitmqctl -q await_startup >/dev/null 2>&1 || { _ts_log "rabbitmqctl await_startup failed"; return 1; }
  export TRANSPORTER_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$_ts_amqp_port/"
}

_ts_prune_users() {
  local user
  for user in "$_ts_dir"/users/*; do
    [ -e "$user" ] || continue
    kill -0 "$(basename "$user")" 2>/dev/null || rm -f "$user"
  done
}

start_test_services() {
  mkdir -p "$_ts_dir/users"
  (
    flock 9
    _ts_prune_users
    touch "$_ts_dir/users/$$"
    : >"$_ts_dir/env.$$"
    rabbit_launched=0
    _ts_launch_rabbitmq && rabbit_launched=1
    # PostgreSQL starts while RabbitMQ boots.
    _ts_start_postgres && echo "TRANSPORTER_TEST_POSTGRES=$TRANSPORTER_TEST_POSTGRES" >>"$_ts_dir/env.$$"
    [ $rabbit_launched -eq 1 ] && _ts_await_rabbitmq && echo "TRANSPORTER_TEST_RABBITMQ=$TRANSPORTER_TEST_RABBITMQ" >>"$_ts_dir/env.$$"
    true
  ) 9>"$_ts_dir/lock"
  # The work ran in a subshell (to hold the lock); bring its exports into this shell.
  unset TRANSPORTER_TEST_POSTGRES TRANSPORTER_TEST_RABBITMQ
  if [ -f "$_ts_dir/env.$$" ]; then
    while IFS='=' read -r name value; do export "$name=$value"; done <"$_ts_dir/env.$$"
    rm -f "$_ts_dir/env.$$"
  fi
  _ts_log "postgres $([ -n "${TRANSPORTER_TEST_POSTGRES:-}" ] && echo ready || echo unavailable)," \
    "rabbitmq $([ -n "${TRANSPORTER_TEST_RABBITMQ:-}" ] && echo ready || echo unavailable)"
  return 0
}

stop_test_services() {
  [ -d "$_ts_dir/users" ] || return 0
  (
    flock 9
    rm -f "$_ts_dir/users/$$"
    _ts_prune_users
    # Another run still uses the servers: the last one to leave stops them.
    compgen -G "$_ts_dir/users/*" >/dev/null && exit 0
    if [ -f "$_ts_dir/started-rabbitmq" ]; then
      rabbitmqctl -q stop >/dev/null 2>&1
      rm -f "$_ts_dir/started-rabbitmq"
    fi
    if [ -f "$_ts_dir/started-epmd" ]; then
      epmd_pid=$(pidof epmd)
      [ -n "$epmd_pid" ] && kill $epmd_pid 2>/dev/null
      rm -f "$_ts_dir/started-epmd"
    fi
    if [ -f "$_ts_dir/started-postgres" ]; then
      pg_ctlcluster "${_ts_pg_cluster[@]}" stop >/dev/null 2>&1
      rm -f "$_ts_dir/started-postgres"
    fi
    true
  ) 9>"$_ts_dir/lock"
  unset TRANSPORTER_TEST_POSTGRES TRANSPORTER_TEST_RABBITMQ
  return 0
}
