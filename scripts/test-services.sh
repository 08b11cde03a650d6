# Shared servers for the test run (sourced by test.sh): PostgreSQL and RabbitMQ from Debian, on loopback.
# Tests that need them read TRANSPORTER_TEST_POSTGRES and TRANSPORTER_TEST_RABBITMQ.

start_test_services() {
  :
}

stop_test_services() {
  :
}
