@disconnection-and-failover
Feature: Disconnection and Failover
  Genesys Events and Models Reference, "Disconnection and Failover": when an agent's desktop
  goes away, Interaction Server reports the agent logged out — only if the agent was logged in.
  When the primary Interaction Server goes away, the desktop logs the agent in on the secondary,
  which becomes the primary; when the old primary comes back, the desktop registers there again
  and makes the agent available, so it is now the secondary. Each scenario is checked against
  scenarios/disconnection-and-failover.yaml.

  Background:
    Given an Interaction Server "IS1"

  @phase-agent-logged-in-one-server @phase-agent-disconnects
  Scenario: The agent's desktop disconnects while the agent is logged in
    Given a reporting engine "Stat Server" connected to "IS1"
    And agent "Agent1" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"
    When "Agent1's desktop" disconnects
    Then the flow follows model "disconnection-and-failover" variant "agent-disconnects-one-server"
    And "EventAgentLogout" reaches "Stat Server" carrying:
      | attribute | value  |
      | AgentId   | Agent1 |

  @phase-agent-logged-in @phase-agent-disconnects
  Scenario: The agent's desktop, connected to a primary and a secondary, disconnects while the agent is logged in
    Given an Interaction Server "IS2"
    And a reporting engine "Stat Server" connected to "IS1" and "IS2"
    And an agent application "Agent1's desktop" connected to "IS1" and "IS2"
    And agent "Agent1" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"
    When "Agent1's desktop" disconnects
    Then the flow follows model "disconnection-and-failover" variant "agent-disconnects"
    And "EventAgentLogout" reaches "Stat Server" carrying:
      | attribute | value  |
      | AgentId   | Agent1 |

  @phase-no-logout-unknown-agent
  Scenario: A desktop with no agent logged in disconnects
    Given a reporting engine "Stat Server" connected to "IS1"
    And an agent application "Agent1's desktop" connected to "IS1"
    When "Agent1's desktop" disconnects
    Then the flow follows model "disconnection-and-failover" variant "agent-disconnects-not-logged-in"
    And no "EventAgentLogout" reaches "Stat Server" within 300 ms

  @phase-server-disconnects
  Scenario: The primary Interaction Server disconnects and the agent fails over to the secondary
    Given an Interaction Server "IS2"
    And a reporting engine "Stat Server" connected to "IS1" and "IS2"
    And an agent application "Agent1's desktop" connected to "IS1" and "IS2"
    And agent "Agent1" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"
    When "IS1" disconnects
    Then the flow follows model "disconnection-and-failover" variant "server-disconnects"
    And "EventAgentLogin" reaches "Stat Server" carrying:
      | attribute | value  |
      | AgentId   | Agent1 |
      | PlaceId   | Place1 |

  @phase-server-restarts
  Scenario: The old primary restarts and becomes the secondary
    Given an Interaction Server "IS2"
    And a reporting engine "Stat Server" connected to "IS1" and "IS2"
    And an agent application "Agent1's desktop" connected to "IS1" and "IS2"
    And agent "Agent1" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"
    When "IS1" disconnects
    And "IS1" restarts
    Then the flow follows model "disconnection-and-failover" variant "server-restarts"
