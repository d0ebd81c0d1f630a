@stop-processing
Feature: Stop Processing
  Genesys Events and Models Reference, "Stop Processing":
  processing of an interaction stops. A media server stops it while an agent handles it (A)
  or while URS processes it (B), the agent stops it (C), or URS stops it (D). Each scenario
  is checked against the expected flow in scenarios/stop-processing.yaml.

  Background:
    Given an Interaction Server "IS1"
    And a reporting engine "Stat Server" connected to "IS1"
    And a URS "URS" connected to "IS1"
    And a media server "E-mail Server" connected to "IS1"
    And agent "Agent1" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"

  @phase-a-media-server-stops-agent-processing
  Scenario: The media server stops processing while an agent handles the interaction (A)
    Given "E-mail Server" submits an "email" interaction to queue "Inbound"
    And "Agent1's desktop" will accept invitations
    And URS routes the interaction to agent "Agent1" at place "Place1"
    And "Agent1's desktop" has accepted the interaction
    When "E-mail Server" stops processing the interaction
    Then the flow follows model "stop-processing" variant "a"
    And "EventPartyRemoved" reaches "Stat Server" carrying:
      | attribute | value  |
      | AgentId   | Agent1 |
    And no "EventAbandoned" reaches "URS" in this scenario

  @phase-b-media-server-stops-urs-processing
  Scenario: The media server stops processing while URS processes the interaction (B)
    Given "E-mail Server" submits an "email" interaction to queue "Inbound"
    When "E-mail Server" stops processing the interaction with reason "Customer withdrew the request"
    Then the flow follows model "stop-processing" variant "b"
    And "EventAbandoned" reaches "URS" carrying:
      | attribute     | value |
      | InteractionId | $any  |
    And no "EventRevoked" reaches "Agent1's desktop" within 300 ms
    And no "EventPartyRemoved" reaches "Stat Server" in this scenario carrying:
      | attribute | value |
      | AgentId   | $any  |

  @phase-c-agent-stops
  Scenario: The agent stops processing the interaction it handles (C)
    Given "Agent1's desktop" submits an "email" interaction as its agent
    When "Agent1's desktop" stops processing the interaction
    Then the flow follows model "stop-processing" variant "c"

  @phase-c-agent-stops
  Scenario: The agent stops processing an interaction delivered to it (C)
    Given "E-mail Server" submits an "email" interaction to queue "Inbound"
    And "Agent1's desktop" will accept invitations
    And URS routes the interaction to agent "Agent1" at place "Place1"
    And "Agent1's desktop" has accepted the interaction
    When "Agent1's desktop" stops processing the interaction
    Then the flow follows model "stop-processing" variant "c"

  @phase-d-urs-stops
  Scenario: URS stops processing the interaction (D)
    Given "E-mail Server" submits an "email" interaction to queue "Inbound"
    When URS stops processing the interaction
    Then the flow follows model "stop-processing" variant "d"
    And "EventProcessingStopped" reaches "Stat Server" carrying:
      | attribute | value |
      | RouterId  | URS   |
