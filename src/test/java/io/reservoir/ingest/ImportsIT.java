package io.reservoir.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import io.reservoir.platform.tenancy.User;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Console imports: one at a time per workspace, for admins and operators only. */
@ReservoirIT
class ImportsIT {

    static final String MEMBERS = "member_no,name\nI-1,甲\nI-2,乙\n";

    @Autowired
    Tenants tenants;

    @Autowired
    Imports imports;

    @Autowired
    ImportRows rows;

    Tenant tenant;

    @BeforeEach
    void workspace() {
        tenant = tenants.aWorkspace();
    }

    @Test
    void aSecondImportIsRefusedWhileOneIsNotOverAndStartsOnceItIs() {
        long other = rows.insert(tenant.workspace().id(), "folder-1", "first.csv", 10, "members", null, "{}", "admin");

        assertThatThrownBy(() -> start(tenant.admin(), "members.csv", MEMBERS))
                .isInstanceOfSatisfying(
                        ImportNotStarted.class,
                        e -> assertThat(e.refusals())
                                .extracting(ImportNotStarted.Refusal::field)
                                .containsExactly("running"));

        rows.failed(tenant.workspace().id(), other, "stopped");
        ImportView started = start(tenant.admin(), "members.csv", MEMBERS);
        ImportView done = waitUntilOver(started.id());
        assertThat(done.state()).isEqualTo(ImportState.DONE);
        assertThat(done.rowsRead()).isEqualTo(2);
        assertThat(done.rowsImported()).isEqualTo(2);
    }

    @Test
    void analystsAndGuidesMayNotImport() {
        User analyst = tenants.aUser(tenant, Role.ANALYST);
        Caller caller = new Caller(
                tenant.workspace().id(), Caller.ActorKind.USER, analyst.id(), analyst.username(), Role.ANALYST);

        assertThatThrownBy(() -> start(caller, "members.csv", MEMBERS)).isInstanceOf(ReservoirException.class);
        assertThatThrownBy(() -> imports.page(caller, null, 10)).isInstanceOf(ReservoirException.class);
        assertThat(imports.page(tenant.admin(), null, 10)).isEmpty();
    }

    @Test
    void aFileWhoseHeaderLacksWhatItsTypeNeedsIsRefusedBeforeAnythingIsRecorded() {
        assertThatThrownBy(() -> start(tenant.admin(), "orders.csv", "order_id,total\nA,1\n"))
                .isInstanceOfSatisfying(
                        ImportNotStarted.class,
                        e -> assertThat(e.refusals())
                                .extracting(ImportNotStarted.Refusal::field)
                                .containsExactly("file"));
        assertThat(imports.page(tenant.admin(), null, 10)).isEmpty();
    }

    private ImportView start(Caller caller, String name, String csv) {
        String type = name.startsWith("orders") ? "orders" : "members";
        InputStream content = new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
        return imports.start(caller, name, content, new ImportStart(type, "", "", "", "", "", "", false, false, ""));
    }

    private ImportView waitUntilOver(long id) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> imports.get(tenant.admin(), id),
                        view -> view.state().over());
    }
}
