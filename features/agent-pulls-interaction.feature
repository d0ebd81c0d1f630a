@pull
Feature: Agent Pulls Interaction
  Genesys Events and Models Reference, "Agent Pulls Interaction":
  an agent pulls an interaction out of a queue or a workbin, and Interaction Server starts a
  processing timer. Any Interaction Management request from the agent resets it; when it expires with
  no request, Interaction Server revokes the interaction. Each scenario is checked against the
  expected flow in scenarios/agent-pulls-interaction.yaml.
  The processing timer is Interaction Server's handling-timeout, left at its default (180 min,
  IxnLimits); a run shortens it where flowcert's reference server runs it (README, "Timers").

  Background:
    Given an Interaction Server "IS1"
    And workbin "Drafts" is configured on "IS1"
    And a reporting engine "Stat Server" connected to "IS1"
    And a URS "URS" connected to "IS1"
    And a media server "E-mail Server" connected to "IS1"
    And agent "Agent1" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"
    And "E-mail Server" submits an "email" interaction to queue "Inbound"

  @phase-pull-from-queue
  Scenario: Agent pulls an interaction from a queue
    When "Agent1's desktop" pulls the interaction
    Then the flow follows model "agent-pulls-interaction" variant "from-queue"
    And "EventTakenFromQueue" reaches "Stat Server" carrying:
      | attribute     | value   |
      | Queue         | Inbound |
      | TargetAgentId | Agent1  |
      | TargetPlaceId | Place1  |

  @phase-pull-from-workbin
  Scenario: Agent pulls an interaction from a workbin
    Given "Agent1's desktop" subscribes to its workbin "Drafts"
    And URS places the interaction in the workbin "Drafts" of agent "Agent1"
    And the flow follows model "place-interaction-in-workbin" variant "by-urs"
    When "Agent1's desktop" pulls the interaction
    Then the flow follows model "agent-pulls-interaction" variant "from-workbin"
    And "EventTakenFromWorkbin" reaches "Stat Server" carrying:
      | attribute      | value  |
      | WorkbinTypeId  | Drafts |
      | WorkbinAgentId | Agent1 |

  @phase-processing-occurs
  Scenario: The agent works on the pulled interaction, which resets the processing timer
    When "Agent1's desktop" pulls the interaction
    And 400 ms later, "Agent1's desktop" asks for the content of its workbin "Drafts"
    Then the flow follows model "agent-pulls-interaction" variant "processing"

  @phase-no-processing-timeout
  Scenario: The agent does nothing with the pulled interaction, and the processing timer revokes it
    When "Agent1's desktop" pulls the interaction
    Then the flow follows model "agent-pulls-interaction" variant "timeout"
    And "EventPartyRemoved" reaches "Stat Server" carrying:
      | attribute | value  |
      | AgentId   | Agent1 |
