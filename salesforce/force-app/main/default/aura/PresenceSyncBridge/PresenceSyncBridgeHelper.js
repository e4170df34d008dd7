({
    // One client per component instance (helpers are shared, so keyed by the component's global ID).
    clients: {},

    start: function (component) {
        var helper = this;
        var key = component.getGlobalId();
        if (helper.clients[key]) {
            return;
        }
        helper.clients[key] = 'starting';
        helper.fetchConnection(component).then(
            $A.getCallback(function (first) {
                if (!component.isValid()) {
                    delete helper.clients[key];
                    return;
                }
                var firstToken = first.token;
                var client = window.PresenceSyncBridge.createBridgeClient({
                    url: first.hubUrl,
                    getToken: function () {
                        if (firstToken) {
                            var token = firstToken;
                            firstToken = null;
                            return Promise.resolve(token);
                        }
                        return helper.fetchConnection(component).then(function (connection) {
                            return connection.token;
                        });
                    },
                    toolkit: helper.toolkit(component),
                    leaseName: 'presence-sync-bridge:' + first.userId,
                    log: function (level, message, details) {
                        // eslint-disable-next-line no-console
                        (level === 'warn' ? console.warn : console.info)(message, details || '');
                    },
                    onPhase: $A.getCallback(function (phase) {
                        if (component.isValid()) {
                            component.set('v.phase', phase);
                        }
                    })
                });
                helper.clients[key] = client;
                client.start();
            }),
            $A.getCallback(function (error) {
                delete helper.clients[key];
                if (component.isValid()) {
                    component.set('v.phase', 'not connected');
                    component.set('v.problem', error.message);
                }
            })
        );
    },

    stop: function (component) {
        var key = component.getGlobalId();
        var client = this.clients[key];
        delete this.clients[key];
        if (client && client !== 'starting') {
            client.stop();
        }
    },

    /** Events that come before the client is ready are dropped: its hello reports the status anyway. */
    withClient: function (component, use) {
        var client = this.clients[component.getGlobalId()];
        if (client && client !== 'starting') {
            use(client);
        }
    },

    /** Runs `call` (which returns a promise) inside Aura's lifecycle: the client calls from socket and timer callbacks. */
    inAura: function (call) {
        return new Promise(function (resolve, reject) {
            $A.getCallback(function () {
                call().then(resolve, reject);
            })();
        });
    },

    /** The toolkit interface the bridge client expects, over lightning:omniToolkitAPI. */
    toolkit: function (component) {
        var helper = this;
        var omni = component.find('omniToolkit');
        return {
            setServicePresenceStatus: function (statusId) {
                return helper.inAura(function () {
                    return omni.setServicePresenceStatus({ statusId: statusId });
                });
            },
            logout: function () {
                return helper.inAura(function () {
                    return omni.logout();
                });
            },
            getServicePresenceStatusId: function () {
                // Rejects when the agent is not logged in to Omni-Channel: that is Offline.
                return helper
                    .inAura(function () {
                        return omni.getServicePresenceStatusId();
                    })
                    .then(
                        function (result) {
                            return result && result.statusId ? result : null;
                        },
                        function () {
                            return null;
                        }
                    );
            }
        };
    },

    /** Asks Apex for the hub URL and a fresh token for the current user. */
    fetchConnection: function (component) {
        return new Promise($A.getCallback(function (resolve, reject) {
            var action = component.get('c.connect');
            action.setCallback(this, function (response) {
                if (response.getState() === 'SUCCESS') {
                    resolve(response.getReturnValue());
                    return;
                }
                var errors = response.getError();
                reject(new Error((errors && errors[0] && errors[0].message) || 'presence-sync: could not get a bridge token'));
            });
            $A.enqueueAction(action);
        }));
    }
});
