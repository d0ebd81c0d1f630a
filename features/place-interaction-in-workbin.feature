@place-in-workbin
Feature: Place Interaction in Workbin
  Genesys Events and Models Reference, "Place Interaction in Workbin":
  an interaction is placed in a workbin by URS, whose RequestRouteCall stands for
  RequestPlaceInWorkbin and is answered by EventRouteUsed in place of EventAck, or by the agent
  application handling it, whose RequestPlaceInWorkbin is answered by EventAck. The agents subscribed
  to the workbin hear its content changed. Each scenario is checked against the expected flow in
  scenarios/place-interaction-in-workbin.yaml.

  Background:
    Given an Interaction Server "IS1"
    And workbin "Drafts" is configured on "IS1"
    And a reporting engine "Stat Server" connected to "IS1"
    And a URS "URS" connected to "IS1"
    And a media server "E-mail Server" connected to "IS1"
    And agent "Agent1" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"
    And "Agent1's desktop" subscribes to its workbin "Drafts"
    And "E-mail Server" submits an "email" interaction to queue "Inbound"

  @phase-urs-places-in-workbin
  Scenario: URS places the interaction in an agent's workbin
    When URS places the interaction in the workbin "Drafts" of agent "Agent1"
    Then the flow follows model "place-interaction-in-workbin" variant "by-urs"
    And "EventPlacedInWorkbin" reaches "Stat Server" carrying:
      | attribute      | value  |
      | WorkbinTypeId  | Drafts |
      | WorkbinAgentId | Agent1 |
    And "EventWorkbinContentChanged" reaches "Agent1's desktop" carrying:
      | attribute | value |
      | Operation | Added |

  @phase-agent-places-in-workbin
  Scenario: The agent application places the interaction it handles in its workbin
    Given "Agent1's desktop" pulls the interaction
    And the flow follows model "agent-pulls-interaction" variant "from-queue"
    When "Agent1's desktop" places the interaction in its workbin "Drafts"
    Then the flow follows model "place-interaction-in-workbin" variant "by-agent"
    And "EventAck" reaches "Agent1's desktop" carrying:
      | attribute | value |

  Scenario: A workbin that is not configured is refused
    When URS places the interaction in the workbin "Archive" of agent "Agent1"
    Then these messages are exchanged in order:
      | from | to  | message          | protocol  | attributes                 |
      | URS  | IS1 | RequestRouteCall | T-Library | WorkbinTypeId: Archive     |
      | IS1  | URS | EventError       | T-Library | ErrorCode: 53              |
