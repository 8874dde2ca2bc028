"""Neo4j unreachable, a wrong password, a wrong database: one line that says which,
exit code 1, no traceback, never the password."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.neo4j


COMMANDS = [("query", "isolated", "--backend", "neo4j"), ("push",), ("cypher", "RETURN 1"),
            ("report", "--backend", "neo4j")]
# Neo4j locks a user out for a few seconds after 3 wrong passwords in a row, so the
# wrong password is tried with one command only.
CASES = [(COMMANDS[0], {"NEO4J_PASSWORD": "wrong-password"},
          "refused user '{user}': wrong user name or password")]
CASES += [(command, {"NEO4J_URI": "bolt://127.0.0.1:9"}, "cannot reach Neo4j at bolt://127.0.0.1:9")
          for command in COMMANDS]
CASES += [(command, {"NEO4J_DATABASE": "nosuchdb"}, "has no database 'nosuchdb'")
          for command in COMMANDS]


@pytest.mark.parametrize("command, env_change, message", CASES)
def test_connection_problems_are_one_line(cli, seeded, neo4j_env, command, env_change, message):
    env = {**neo4j_env, **env_change}
    message = message.format(user=env["NEO4J_USERNAME"])  # the server's own, random name
    result = cli(*command, env=env)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.output
    assert neo4j_env["NEO4J_PASSWORD"] not in result.output
    assert env["NEO4J_PASSWORD"] not in result.output


def test_the_password_given_as_an_option_is_not_shown_either(cli, seeded, neo4j_env):
    result = cli("cypher", "RETURN 1", "--password", "hunter2-secret",
                 env={**neo4j_env, "NEO4J_PASSWORD": None})
    assert result.exit_code == 1 and "hunter2-secret" not in result.output
