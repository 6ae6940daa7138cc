package dev.pika.sample.orders;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.pika.spring.connection.ConnectionUnavailableException;
import dev.pika.spring.connection.PikaConnectionState;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

@WebMvcTest(OrderController.class)
@Import(OrderStats.class)
class OrderControllerTest {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private OrderStats stats;

    @MockitoBean
    private OrderPublisher publisher;

    @Test
    void acceptsAnOrderOnceThePublisherConfirmsIt() throws Exception {
        when(publisher.publish(any())).thenReturn(CompletableFuture.completedFuture(null));

        MvcResult started = mvc.perform(post("/orders")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"product\": \" book \", \"quantity\": 2}"))
                .andExpect(request().asyncStarted())
                .andReturn();
        mvc.perform(asyncDispatch(started))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.orderId").isString())
                .andExpect(jsonPath("$.status").value("ACCEPTED"))
                .andExpect(header().string("Location", containsString("/orders/")));

        ArgumentCaptor<Order> order = ArgumentCaptor.forClass(Order.class);
        verify(publisher).publish(order.capture());
        org.assertj.core.api.Assertions.assertThat(order.getValue().product()).isEqualTo("book");
        org.assertj.core.api.Assertions.assertThat(order.getValue().quantity()).isEqualTo(2);
    }

    @Test
    void acceptsAPoisonQuantityBecauseTheListenerJudgesIt() throws Exception {
        when(publisher.publish(any())).thenReturn(CompletableFuture.completedFuture(null));

        MvcResult started = mvc.perform(post("/orders")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"product\": \"book\", \"quantity\": 0}"))
                .andReturn();
        mvc.perform(asyncDispatch(started)).andExpect(status().isAccepted());
    }

    @Test
    void namesTheMissingField() throws Exception {
        mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content("{\"quantity\": 2}"))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", containsString("application/problem+json")))
                .andExpect(jsonPath("$.title").value("Invalid order"))
                .andExpect(jsonPath("$.errors.product").value(containsString("non-blank string")))
                .andExpect(jsonPath("$.detail").value(containsString("{\"product\": \"book\", \"quantity\": 2}")));
        mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content("{\"product\": \"book\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.quantity").value(containsString("integer")));
        verify(publisher, never()).publish(any());
    }

    @Test
    void namesAFieldOfTheWrongType() throws Exception {
        mvc.perform(post("/orders")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"product\": \"book\", \"quantity\": \"two\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("Malformed order"))
                .andExpect(jsonPath("$.detail").value(containsString("quantity has the wrong type")));
    }

    @Test
    void saysWhenTheBodyIsNotJson() throws Exception {
        mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content("{\"product\":"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("not valid JSON")));
        mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content(""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("expected a JSON object")));
    }

    @Test
    void answers503WhenTheBrokerDoesNotConfirm() throws Exception {
        when(publisher.publish(any()))
                .thenReturn(CompletableFuture.failedFuture(
                        new ConnectionUnavailableException("orders-sample", PikaConnectionState.RECOVERING, null)));

        MvcResult started = mvc.perform(post("/orders")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"product\": \"book\", \"quantity\": 1}"))
                .andReturn();
        mvc.perform(asyncDispatch(started))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.title").value("Broker unavailable"))
                .andExpect(jsonPath("$.detail").value(containsString("sample.orders.publish-timeout")));
    }

    @Test
    void reportsTheStatsAndEachOrder() throws Exception {
        stats.accepted("a");
        stats.accepted("b");
        stats.processed("a");

        mvc.perform(get("/orders/stats"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(2))
                .andExpect(jsonPath("$.processed").value(1))
                .andExpect(jsonPath("$.failed").value(0));
        mvc.perform(get("/orders/a"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("PROCESSED"));
        mvc.perform(get("/orders/b")).andExpect(jsonPath("$.status").value("ACCEPTED"));
        mvc.perform(get("/orders/nope"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value(containsString("nope")));
    }
}
