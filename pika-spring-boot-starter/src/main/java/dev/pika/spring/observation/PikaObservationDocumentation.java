package dev.pika.spring.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of the starter and their key names: {@link #PUBLISH} ({@code pika.publish}, one
 * per {@code PikaTemplate} send, from the send to the broker's confirm) and {@link #PROCESS} ({@code
 * pika.process}, one per delivery processed by a listener, retries included).
 *
 * <p>An enum: immutable and thread-safe.
 */
public enum PikaObservationDocumentation implements ObservationDocumentation {

    /** A message sent by a {@code PikaTemplate}. */
    PUBLISH {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultPikaPublishObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return new KeyName[] {
                LowCardinalityKeys.MESSAGING_SYSTEM,
                LowCardinalityKeys.MESSAGING_OPERATION,
                LowCardinalityKeys.MESSAGING_DESTINATION_NAME,
                LowCardinalityKeys.CONNECTION
            };
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return new KeyName[] {
                HighCardinalityKeys.ROUTING_KEY, HighCardinalityKeys.MESSAGE_ID, HighCardinalityKeys.CONVERSATION_ID
            };
        }
    },

    /** A delivery processed by a listener. */
    PROCESS {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultPikaProcessObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return LowCardinalityKeys.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return HighCardinalityKeys.values();
        }
    };

    /** Low-cardinality keys (tags of the observation's timer). */
    public enum LowCardinalityKeys implements KeyName {

        /** Always {@code rabbitmq}. */
        MESSAGING_SYSTEM {
            @Override
            public String asString() {
                return "messaging.system";
            }
        },

        /** {@code publish} or {@code process}. */
        MESSAGING_OPERATION {
            @Override
            public String asString() {
                return "messaging.operation";
            }
        },

        /** Publish: the exchange ({@code amq.default} for the default one). Process: the queue. */
        MESSAGING_DESTINATION_NAME {
            @Override
            public String asString() {
                return "messaging.destination.name";
            }
        },

        /** The connection's name. */
        CONNECTION {
            @Override
            public String asString() {
                return "pika.connection";
            }
        },

        /** Process only: the listener id. */
        LISTENER_ID {
            @Override
            public String asString() {
                return "pika.listener.id";
            }
        }
    }

    /** High-cardinality keys (span attributes, not timer tags). */
    public enum HighCardinalityKeys implements KeyName {

        /** The routing key. */
        ROUTING_KEY {
            @Override
            public String asString() {
                return "messaging.rabbitmq.destination.routing_key";
            }
        },

        /** Process only: the exchange the message was published to. */
        EXCHANGE {
            @Override
            public String asString() {
                return "pika.exchange";
            }
        },

        /** The message id property, when set. */
        MESSAGE_ID {
            @Override
            public String asString() {
                return "messaging.message.id";
            }
        },

        /** The correlation id property, when set. */
        CONVERSATION_ID {
            @Override
            public String asString() {
                return "messaging.message.conversation_id";
            }
        },

        /** Process only: the delivery tag. */
        DELIVERY_TAG {
            @Override
            public String asString() {
                return "messaging.rabbitmq.message.delivery_tag";
            }
        },

        /** Process only: whether the broker flagged the delivery as redelivered. */
        REDELIVERED {
            @Override
            public String asString() {
                return "pika.redelivered";
            }
        }
    }
}
