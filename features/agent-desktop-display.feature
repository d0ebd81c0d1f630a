@desktop-display
Feature: What the agent's desktop shows
  Genesys Events and Models Reference, "Reporting Engine Connects" and "Login/Logout": the
  reporting engine's status for the agent comes back to the agent, and "Interaction Server passes
  the same event to the agent application, which displays the status information in its UI"
  (seed 000). A web desktop is read on its screen (the browser adapter); a desktop without one
  shows what the latest EventCurrentAgentStatus told it. The status words are Ready (1) and
  NotReady (0), MediaStateList's values in client code. The agents run under capacity rule
  Default_One_interaction_of_any_type_only: under the Genesys default rule an agent logged in for email
  only is never routable, so its desktop would show NotReady whatever the agent did.

  Background:
    Given an Interaction Server "IS1"
    And the Stat Server "Stat Server" runs capacity rule "Default_One_interaction_of_any_type_only" for tenant "101"
    And a reporting engine "Stat Server" connected to "IS1"
    And agent "Agent1" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"

  Scenario: The desktop shows the status the reporting engine reports at login
    Then "EventCurrentAgentStatus" reaches "Agent1's desktop" carrying:
      | attribute      | value  |
      | AgentId        | Agent1 |
    And "Agent1's desktop" shows status "Ready" for "email"

  Scenario: The desktop shows the new status after the agent's status changes
    Given "Agent1's desktop" shows status "Ready" for "email"
    When "Agent1's desktop" becomes not ready for "email"
    Then "EventCurrentAgentStatus" reaches "Agent1's desktop" carrying:
      | attribute                | value |
      | MediaStateList.email     | 0     |
    And "Agent1's desktop" shows status "NotReady" for "email"
