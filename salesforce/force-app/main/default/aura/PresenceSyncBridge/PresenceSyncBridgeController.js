({
    onScriptsLoaded: function (component, event, helper) {
        helper.start(component);
    },

    onStatusChanged: function (component, event, helper) {
        helper.withClient(component, function (client) {
            client.statusChanged({
                statusId: event.getParam('statusId'),
                statusApiName: event.getParam('statusApiName') || undefined,
                reason: event.getParam('reason') || 'OmniManualStatusChange'
            });
        });
    },

    onLoginSuccess: function (component, event, helper) {
        helper.withClient(component, function (client) {
            client.loggedIn({ statusId: event.getParam('statusId') });
        });
    },

    onLogout: function (component, event, helper) {
        helper.withClient(component, function (client) {
            client.loggedOut({ reason: event.getParam('reason') || undefined });
        });
    },

    onDestroy: function (component, event, helper) {
        helper.stop(component);
    }
});
