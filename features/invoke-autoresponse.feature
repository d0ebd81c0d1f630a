@autoresponse
Feature: Invoke Autoresponse
  Genesys Events and Models Reference, "Invoke Autoresponse":
  URS asks E-mail Server, through Interaction Server, to send an autoresponse to an
  interaction. E-mail Server submits the autoresponse as a new interaction and answers;
  Interaction Server passes the request and the answer on (ESP) and tells the reporting
  engine of both. The scenario is checked against the expected flow in
  scenarios/invoke-autoresponse.yaml.

  Background:
    Given an Interaction Server "IS1"
    And a reporting engine "Stat Server" connected to "IS1"
    And a URS "URS" connected to "IS1"
    And a media server "E-mail Server" connected to "IS1"
    And "E-mail Server" submits an "email" interaction to queue "Inbound"

  @phase-invoke-autoresponse
  Scenario: URS has E-mail Server send an autoresponse
    When URS asks "E-mail Server" for an autoresponse to the interaction
    Then the flow follows model "invoke-autoresponse" variant "autoresponse"
    And "EventExternalServiceRequested" reaches "Stat Server" carrying:
      | attribute     | value         |
      | Server        | E-mail Server |
      | InteractionId | $any          |
    And "Request3rdServer" reaches "E-mail Server" carrying:
      | attribute              | value |
      | UserData.InteractionId | $any  |
