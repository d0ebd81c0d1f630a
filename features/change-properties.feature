@change-properties
Feature: Change Properties
  Genesys Events and Models Reference, "Change Properties":
  a media server or URS changes the properties of an interaction. The agent handling it, or
  URS processing it, hears of the change; a media server that asked for it when it registered
  hears of URS's changes. An invalid request is refused. Each scenario is checked against the
  expected flow in scenarios/change-properties.yaml.

  Background:
    Given an Interaction Server "IS1"
    And a reporting engine "Stat Server" connected to "IS1"
    And a URS "URS" connected to "IS1"

  @phase-ms-changes-agent-processing
  Scenario: The media server changes properties while an agent handles the interaction
    Given a media server "E-mail Server" connected to "IS1"
    And agent "Agent1" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"
    And "E-mail Server" submits an "email" interaction to queue "Inbound"
    And "Agent1's desktop" will accept invitations
    And URS routes the interaction to agent "Agent1" at place "Place1"
    And "Agent1's desktop" has accepted the interaction
    When "E-mail Server" changes property "Subject" of the interaction to "Order 42 follow-up"
    Then the flow follows model "change-properties" variant "ms-agent"
    And "EventPropertiesChanged" reaches "Agent1's desktop" carrying:
      | attribute                 | value              |
      | ChangedProperties.Subject | Order 42 follow-up |

  @phase-ms-changes-urs-processing
  Scenario: The media server changes properties while URS processes the interaction
    Given a media server "E-mail Server" connected to "IS1"
    And "E-mail Server" submits an "email" interaction to queue "Inbound"
    When "E-mail Server" adds property "Priority" of the interaction as "high"
    Then the flow follows model "change-properties" variant "ms-urs"
    And "EventAttachedDataChanged" reaches "URS" carrying:
      | attribute         | value |
      | UserData.Priority | high  |

  @phase-urs-changes
  Scenario: URS changes properties, and a media server registered to hear of it does
    Given a media server "E-mail Server" connected to "IS1" registered with extension "event_properties_changed" = "1"
    And "E-mail Server" submits an "email" interaction to queue "Inbound"
    When URS changes property "Category" of the interaction to "Billing"
    Then the flow follows model "change-properties" variant "urs"
    And "EventPropertiesChanged" reaches "E-mail Server" carrying:
      | attribute                | value   |
      | InteractionId            | $any    |
      | AddedProperties.Category | Billing |

  @phase-urs-changes-unsubscribed
  Scenario: URS changes properties, and a media server that did not ask hears nothing
    Given a media server "E-mail Server" connected to "IS1"
    And "E-mail Server" submits an "email" interaction to queue "Inbound"
    When URS changes property "Category" of the interaction to "Billing"
    Then the flow follows model "change-properties" variant "urs-unsubscribed"
    And no "EventPropertiesChanged" reaches "E-mail Server" in this scenario

  @phase-failure
  Scenario: The media server tries to change a system property
    Given a media server "E-mail Server" connected to "IS1"
    And "E-mail Server" submits an "email" interaction to queue "Inbound"
    When "E-mail Server" changes property "MediaType" of the interaction to "chat"
    Then the flow follows model "change-properties" variant "failure"
