@workbin-operations
Feature: Workbin Operations
  Genesys Events and Models Reference, "Workbin Operations":
  an agent application gets the content of a workbin, asks to be notified when it changes, and
  cancels that notification. Getting the content fails when the agent or the workbin is not
  registered; a notification request fails for an unknown workbin; a cancel fails for an unknown
  workbin or one the agent never subscribed to. Each scenario is checked against the expected flow in
  scenarios/workbin-operations.yaml.

  Background:
    Given an Interaction Server "IS1"
    And workbin "Drafts" is configured on "IS1"
    And a URS "URS" connected to "IS1"
    And a media server "E-mail Server" connected to "IS1"
    And agent "Agent1" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"

  @phase-get-content
  Scenario: Agent gets the content of its workbin
    Given "E-mail Server" submits an "email" interaction to queue "Inbound"
    And URS places the interaction in the workbin "Drafts" of agent "Agent1"
    When "Agent1's desktop" asks for the content of its workbin "Drafts"
    Then the flow follows model "workbin-operations" variant "get-content"
    And "EventWorkbinContent" reaches "Agent1's desktop" carrying:
      | attribute      | value  |
      | WorkbinTypeId  | Drafts |
      | WorkbinAgentId | Agent1 |

  @phase-get-content-fails
  Scenario: Getting the content of a workbin that is not registered fails
    When "Agent1's desktop" asks for the content of its workbin "Archive"
    Then the flow follows model "workbin-operations" variant "get-content-fails"
    And "EventError" reaches "Agent1's desktop" carrying:
      | attribute | value |
      | ErrorCode | 53    |

  @phase-get-content-fails
  Scenario: Getting the content of a workbin fails for an application with no agent logged in
    Given an agent application "Agent2's desktop" connected to "IS1"
    When "Agent2's desktop" asks for the content of workbin "Drafts" of agent "Agent1"
    Then the flow follows model "workbin-operations" variant "get-content-fails"
    And "EventError" reaches "Agent2's desktop" carrying:
      | attribute | value |
      | ErrorCode | 192   |

  @phase-request-notification
  Scenario: Agent asks to be notified of changes to its workbin
    When "Agent1's desktop" subscribes to its workbin "Drafts"
    Then the flow follows model "workbin-operations" variant "request-notification"

  @phase-request-notification-fails
  Scenario: Asking to be notified of an unknown workbin fails
    When "Agent1's desktop" subscribes to its workbin "Archive"
    Then the flow follows model "workbin-operations" variant "request-notification-fails"

  @phase-cancel-notification
  Scenario: Agent cancels the notifications it asked for
    Given "Agent1's desktop" subscribes to its workbin "Drafts"
    When "Agent1's desktop" cancels its notifications of workbin "Drafts"
    Then the flow follows model "workbin-operations" variant "cancel-notification"

  @phase-cancel-notification-fails
  Scenario: Cancelling notifications the agent never asked for fails
    When "Agent1's desktop" cancels its notifications of workbin "Drafts"
    Then the flow follows model "workbin-operations" variant "cancel-notification-fails"

  @phase-cancel-notification-fails
  Scenario: Cancelling the notifications of an unknown workbin fails
    When "Agent1's desktop" cancels its notifications of workbin "Archive"
    Then the flow follows model "workbin-operations" variant "cancel-notification-fails"
