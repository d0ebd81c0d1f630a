@submit
Feature: Media Server Submits Interaction
  Genesys Events and Models Reference, "Media Server Submits Interaction":
  a media server asks Interaction Server to submit a new interaction. Interaction Server
  acknowledges it and tells the reporting engine, or refuses it when the media server has
  not registered or the request has a bad attribute. Each scenario is checked against the
  expected flow in scenarios/media-server-submits-interaction.yaml.

  Background:
    Given an Interaction Server "IS1"
    And a reporting engine "Stat Server" connected to "IS1"
    And a media server "E-mail Server" connected to "IS1"

  @phase-media-server-asks-to-submit
  Scenario: The media server submits an interaction
    When "E-mail Server" submits an "email" interaction to queue "Inbound"
    Then the flow follows model "media-server-submits-interaction" variant "success"
    And "EventInteractionSubmitted" reaches "Stat Server" carrying:
      | attribute     | value         |
      | MediaType     | email         |
      | MediaServerId | E-mail Server |
    And "EventAck" reaches "E-mail Server" carrying:
      | attribute     | value |
      | InteractionId | $any  |

  @phase-not-registered
  Scenario: A media server that has not registered submits an interaction
    Given "E-mail Server" reconnects without registering
    When "E-mail Server" tries to submit an "email" interaction to queue "Inbound"
    Then the flow follows model "media-server-submits-interaction" variant "not-registered"

  @phase-bad-attribute
  Scenario: The media server submits an interaction without a media type
    When "E-mail Server" tries to submit an interaction to queue "Inbound" without a media type
    Then the flow follows model "media-server-submits-interaction" variant "bad-attribute"
